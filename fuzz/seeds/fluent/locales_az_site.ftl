# The demonstration site's own messages (Azerbaijani). They override the theme's messages
# of the same id. The agency, its address and its phone number are fictional.

site-title = Dövlət Xidmətləri Agentliyi
footer-contact = Ünvan: Bakı şəhəri, AZ1000, Nümunə küçəsi, 1 · Telefon: +994 12 000 00 00 · E-poçt: info@example.gov.az

# The demonstration site calls its press section the press office.
nav-press = Mətbuat xidməti

# Service categories of the demonstration site.
service-category-identity = Şəxsiyyət sənədləri
service-category-civil-status = Vətəndaşlıq vəziyyəti aktları
service-category-residence = Yaşayış yeri
service-category-business = Sahibkarlıq
service-category-transport = Nəqliyyat
service-category-certificates = Arayışlar
service-category-digital = Rəqəmsal xidmətlər
