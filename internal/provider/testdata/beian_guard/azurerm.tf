# azurerm_dns_a_record, _aaaa_record and _cname_record (stand-ins): names relative to
# zone_name ("@" is the apex); an alias to an Azure resource (target_resource_id).
provider "azurerm" {
  features {}
}

resource "azurerm_dns_zone" "example" {
  name                = "example.com"
  resource_group_name = "dns"
}

resource "azurerm_dns_a_record" "apex" {
  name                = "@"
  zone_name           = azurerm_dns_zone.example.name
  resource_group_name = "dns"
  ttl                 = 300
  records             = [var.ip]
}

resource "azurerm_dns_aaaa_record" "v6" {
  name                = "v6"
  zone_name           = azurerm_dns_zone.example.name
  resource_group_name = "dns"
  ttl                 = 300
  records             = ["2408:4000::1"]
}

resource "azurerm_dns_cname_record" "www" {
  name                = "www"
  zone_name           = azurerm_dns_zone.example.name
  resource_group_name = "dns"
  ttl                 = 300
  record              = "example.com"
}

resource "azurerm_dns_a_record" "lb" {
  name                = "lb"
  zone_name           = azurerm_dns_zone.example.name
  resource_group_name = "dns"
  ttl                 = 300
  target_resource_id  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/web/providers/Microsoft.Network/publicIPAddresses/lb"
}

data "beian_record_guard" "cmp" {
  records = [
    { name = "example.com", type = "A", value = var.ip },
    { name = "v6.example.com", type = "AAAA", value = "2408:4000::1" },
    { name = "www.example.com", type = "CNAME", value = "example.com" },
    { name = "lb.example.com", type = "ALIAS", value = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/web/providers/Microsoft.Network/publicIPAddresses/lb" },
  ]
}
