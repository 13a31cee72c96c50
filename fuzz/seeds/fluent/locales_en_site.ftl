# The demonstration site's own messages (English). The agency, its address and its phone
# number are fictional.

# dilmanc-source: 5edace655e9d1c3c
site-title = State Services Agency
# dilmanc-source: f174d4d403845f5c
footer-contact = Address: 1 Numune Street, Baku AZ1000, Azerbaijan · Phone: +994 12 000 00 00 · Email: info@example.gov.az

# The demonstration site calls its press section the press office.
# dilmanc-source: 4fd1a2225fbb200f
nav-press = Press office

# Service categories of the demonstration site.
# dilmanc-source: a2e4ec39426c3af3
service-category-identity = Identity documents
# dilmanc-source: 69b3c71d1d4cf682
service-category-civil-status = Civil status
# dilmanc-source: 01dc7243e784b096
service-category-residence = Residence
# dilmanc-source: b52ed872ede86d8c
service-category-business = Business
# dilmanc-source: 35e7bce7acd51720
service-category-transport = Transport
# dilmanc-source: d1cebdfbd627cb75
service-category-certificates = Certificates
# dilmanc-source: f76ad1c815aa4117
service-category-digital = Digital services
