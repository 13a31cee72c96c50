# The demonstration site's own messages (Russian). The agency, its address and its phone
# number are fictional.

site-title = Агентство государственных услуг
footer-contact = Адрес: г. Баку, AZ1000, ул. Нумуне, 1 · Телефон: +994 12 000 00 00 · Эл. почта: info@example.gov.az

# The demonstration site calls its press section the press office.
nav-press = Пресс-служба

# Service categories of the demonstration site.
service-category-identity = Документы, удостоверяющие личность
service-category-civil-status = Акты гражданского состояния
service-category-residence = Место жительства
service-category-business = Предпринимательство
service-category-transport = Транспорт
service-category-certificates = Справки
service-category-digital = Цифровые услуги
