# dilmanc default theme: Azerbaijani (the default language; every message the theme uses).
# A site overrides any of these with a message of the same id in its own locales/az/*.ftl.

# The site's name; shown in every <title> and in the header. Sites override it.
site-title = dilmanc

## Header and navigation

skip-link = Əsas məzmuna keç
language-switcher-label = Dil seçimi
nav-label = Əsas menyu
nav-home = Ana səhifə
nav-press = Press-relizlər
nav-services = Xidmətlər
nav-about = Haqqımızda
breadcrumbs-label = Siz buradasınız

## Pages

# $language (String) - the native name of the language the text below is written in
fallback-notice = Bu səhifə hələ Azərbaycan dilinə tərcümə olunmayıb. Aşağıdakı mətnin dili: { $language }.
published-on = Dərc olunub
updated-on = Yenilənib
source-label = Mənbə
tags-label = Teqlər
neighbours-label = Digər materiallar
previous-item = Əvvəlki material
next-item = Növbəti material

# The press dateline: "Yanvarın 5-də", "İyunun 21-də", "Sentyabrın 6-da".
# $month (Number) - 1 to 12
# $day (Number) - 1 to 31; the locative suffix follows the vowel of the spoken number
# Optional: a language without it shows the long date ("June 21, 2017"), so translation
# exchange does not offer it.
# dilmanc: optional
press-date =
    { $month ->
        [1] Yanvarın
        [2] Fevralın
        [3] Martın
        [4] Aprelin
        [5] Mayın
        [6] İyunun
        [7] İyulun
        [8] Avqustun
        [9] Sentyabrın
        [10] Oktyabrın
        [11] Noyabrın
       *[12] Dekabrın
    } { $day }-{ $day ->
        [6] da
        [9] da
        [10] da
        [16] da
        [19] da
        [26] da
        [29] da
        [30] da
       *[other] də
    }

## Lists

untranslated-marker = tərcümə olunmayıb
subsections-label = Bölmələr
pagination-label = Səhifələr
previous-page = Əvvəlki səhifə
next-page = Növbəti səhifə
# $current (Number), $total (Number)
pagination-position = Səhifə { $current } / { $total }

## Tags

# $name (String) - the tag
tag-heading = Teq: { $name }
# $count (Number) - pages with this tag (a noun after a numeral stays singular in Azerbaijani)
tag-page-count =
    { $count ->
        [one] { $count } material
       *[other] { $count } material
    }

## Not found and redirects

not-found-title = Səhifə tapılmadı
not-found-text = Axtardığınız səhifə mövcud deyil və ya başqa ünvana köçürülüb.
redirect-title = Yönləndirmə
redirect-text = Bu səhifə yeni ünvana köçürülüb:

## Footer

footer-contact = Əlaqə məlumatları hələ əlavə olunmayıb.
footer-copyright = © { site-title }

## Display controls (inserted by site.js)

display-controls-label = Ekran ayarları
text-smaller = Mətni kiçilt
text-reset = Standart mətn ölçüsü
text-larger = Mətni böyüt
contrast-toggle = Yüksək kontrast
footer-accessibility = Əlçatanlıq bəyanatı

## Press releases

archived-notice = Bu səhifə arxivdədir. Buradakı məlumat köhnəlmiş ola bilər.
gallery-label = Fotoqalereya
videos-label = Videolar
related-heading = Digər press-relizlər
archive-label = Arxiv
# $section (String) - the section's title, $period (String) - a year or a month
archive-title = { $section }: { $period }

# The accessible name of the box a wide table scrolls in.
table-label = Cədvəl

## Service catalogue

letter-index-label = Əlifba sırası ilə

service-what = Xidmət haqqında
service-who = Kimlər müraciət edə bilər
service-proxy = Başqasının adından
service-documents = Tələb olunan sənədlər
service-fees = Ödəniş və müddət
service-fee-price = Ödəniş
service-fee-time = Müddət
service-free = Pulsuz
# $amount (Number), $currency (String) - an ISO 4217 code
service-price = { $amount } { $currency ->
        [AZN] manat
       *[other] { $currency }
    }
# $days (Number) - calendar days; 0 is the same day
service-days = { $days ->
        [0] Eyni gün
       *[other] { $days } gün
    }
# $days (Number) - working days
service-working-days = { $days } iş günü
service-where = Harada və necə müraciət etmək olar
service-in-person = Şəxsən, xidmət mərkəzlərində:
service-online = Onlayn müraciət etmək
service-phone = Telefonla
service-mobile = Mobil xidmət avtobusunda
service-legal = Hüquqi əsas
service-updated = Son yenilənmə
service-agency = Xidməti göstərən qurum
service-category = Kateqoriya
service-life-events = Həyat hadisələri
service-releases = Bu xidmət haqqında press-relizlər
catalogue-label = Xidmətlər kataloqu
catalogue-categories = Kateqoriyalar üzrə
catalogue-life-events = Həyat hadisələri üzrə
open-data-label = Açıq məlumat
centre-address = Ünvan
centre-phone = Telefon
centre-map = Xəritədə bax (OpenStreetMap)
centre-hours = İş saatları
centre-closed = Bağlıdır
centre-exceptions = Bayram günləri və dəyişikliklər
centre-services = Bu mərkəzdə göstərilən xidmətlər
weekday-monday = Bazar ertəsi
weekday-tuesday = Çərşənbə axşamı
weekday-wednesday = Çərşənbə
weekday-thursday = Cümə axşamı
weekday-friday = Cümə
weekday-saturday = Şənbə
weekday-sunday = Bazar
life-event-birth = Uşağın doğulması
life-event-marriage = Nikah
life-event-moving = Yaşayış yerinin dəyişməsi
life-event-travel = Xaricə səfər
life-event-business = Biznesə başlamaq
life-event-retirement = Təqaüdə çıxmaq

## Search

nav-search = Axtarış
search-title = Axtarış
search-label = Saytda axtarın
search-button = Axtar
# $query (String) - what the reader typed
search-found = “{ $query }” üzrə tapılanlar:
search-none = “{ $query }” üzrə heç nə tapılmadı.
search-browse = Bölmələrə baxın
# $count (Number) - how many pages were found
search-count = Nəticə sayı: { $count }
search-section = Bölmə
search-category = Kateqoriya
search-all = Hamısı
search-more = Daha çox nəticə
# Shown when the files of the search index cannot be read
search-error = Axtarış hazırda işləmir. Bir az sonra yenidən cəhd edin və ya aşağıdakı bölmələrə baxın.
