# The demonstration site's own messages (Russian). The agency, its address and its phone
# number are fictional.

# dilmanc-source: 5edace655e9d1c3c
site-title = Агентство государственных услуг
# dilmanc-source: f174d4d403845f5c
footer-contact = Адрес: г. Баку, AZ1000, ул. Нумуне, 1 · Телефон: +994 12 000 00 00 · Эл. почта: info@example.gov.az

# The demonstration site calls its press section the press office.
# dilmanc-source: 4fd1a2225fbb200f
nav-press = Пресс-служба

# Service categories of the demonstration site.
# dilmanc-source: a2e4ec39426c3af3
service-category-identity = Документы, удостоверяющие личность
# dilmanc-source: 69b3c71d1d4cf682
service-category-civil-status = Акты гражданского состояния
# dilmanc-source: 01dc7243e784b096
service-category-residence = Место жительства
# dilmanc-source: b52ed872ede86d8c
service-category-business = Предпринимательство
# dilmanc-source: 35e7bce7acd51720
service-category-transport = Транспорт
# dilmanc-source: d1cebdfbd627cb75
service-category-certificates = Справки
# dilmanc-source: f76ad1c815aa4117
service-category-digital = Цифровые услуги
