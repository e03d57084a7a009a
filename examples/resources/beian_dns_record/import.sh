# By record ID (RecordId, shown in the Alibaba Cloud DNS console):
terraform import beian_dns_record.www 1234567890123456

# By natural key <domain>/<rr>/<type>, when one record of that host and type exists:
terraform import beian_dns_record.www example.com/www/A
terraform import beian_dns_record.apex example.com/@/A

# With the value, when several records share host and type (round-robin A records,
# several TXT records); the value may contain slashes and spaces:
terraform import beian_dns_record.www example.com/www/A/47.96.10.20
terraform import 'beian_dns_record.zone["spf"]' 'example.com/@/TXT/v=spf1 include:spf.example.net -all'
