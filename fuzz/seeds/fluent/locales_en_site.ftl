# The demonstration site's own messages (English). The agency, its address and its phone
# number are fictional.

site-title = State Services Agency
footer-contact = Address: 1 Numune Street, Baku AZ1000, Azerbaijan · Phone: +994 12 000 00 00 · Email: info@example.gov.az

# The demonstration site calls its press section the press office.
nav-press = Press office

# Service categories of the demonstration site.
service-category-identity = Identity documents
service-category-civil-status = Civil status
service-category-residence = Residence
service-category-business = Business
service-category-transport = Transport
service-category-certificates = Certificates
service-category-digital = Digital services
