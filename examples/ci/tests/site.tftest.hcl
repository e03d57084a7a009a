# `tofu test` (or `terraform test`) against beian-emulator: the module applies for real,
# records are created in the emulator and destroyed at the end of the run.

variables {
  server_ip = "47.242.10.20" # a Hong Kong server: no ICP filing needed
}

run "offshore_server_needs_no_filing" {
  command = apply

  assert {
    condition     = output.records == ["example.com", "www.example.com"]
    error_message = "the @ and www records should be created for an offshore server"
  }

  assert {
    condition     = output.filing_approved == false
    error_message = "the emulator starts without a filing"
  }

  assert {
    condition     = strcontains(output.readiness, "[fail]    server_in_mainland")
    error_message = "an offshore server is not a server a filing can be made for"
  }

  assert {
    condition     = strcontains(output.readiness, "[fail]    server_eligible")
    error_message = "a Hong Kong server cannot issue the filing service number (备案服务号) of a mainland filing"
  }
}
