# By domain name (either spelling of an internationalised name). An imported domain gets
# adopt_existing = true: set it in the configuration too.
terraform import beian_domain.example example.com
terraform import beian_domain.idn 例子.中国
