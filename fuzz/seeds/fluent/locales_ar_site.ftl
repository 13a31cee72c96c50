# The demonstration site's messages in Arabic (Modern Standard Arabic). The default theme
# ships no Arabic file, so this file carries every message the theme uses as well as the
# site's own. The agency, its address and its phone number are fictional.

# dilmanc-source: 5edace655e9d1c3c
site-title = وكالة الخدمات الحكومية
# The phone number is wrapped in a left-to-right isolate so that "+" stays in front of it.
# dilmanc-source: f174d4d403845f5c
footer-contact = العنوان: باكو، AZ1000، شارع نمونه، 1 · الهاتف: {"\u2066"}+994 12 000 00 00{"\u2069"} · البريد الإلكتروني: info@example.gov.az
# dilmanc-source: c0e6ae131098e95c
footer-copyright = © { site-title }

## Header and navigation

# dilmanc-source: 4af5c3a6a4cffe71
skip-link = انتقل إلى المحتوى الرئيسي
# dilmanc-source: ae81a25b0ce2d6bc
language-switcher-label = اختيار اللغة
# dilmanc-source: 6f2add062281fea0
nav-label = القائمة الرئيسية
# dilmanc-source: d98646a99fe041ec
nav-home = الصفحة الرئيسية
# dilmanc-source: 4fd1a2225fbb200f
nav-press = المكتب الصحفي
# dilmanc-source: 1349267a498a1882
nav-services = الخدمات
# dilmanc-source: 7aa00fc65b6d7e0a
nav-about = من نحن
# dilmanc-source: 4e0fecae42796d51
breadcrumbs-label = مسار التنقل

## Pages

# $language (String) - the native name of the language the text below is written in
# dilmanc-source: 5be75d73a763e89d
fallback-notice = لم تُترجم هذه الصفحة إلى العربية بعد. النص أدناه بلغته الأصلية: { $language }.
# dilmanc-source: 0bba33d077bb9640
published-on = تاريخ النشر
# dilmanc-source: a8ce0ac754a8b9b8
updated-on = آخر تحديث
# dilmanc-source: f9bd42b9c7f4e9b7
source-label = المصدر
# dilmanc-source: bc9c332889491384
tags-label = الوسوم
# dilmanc-source: ba34af6d1277b01a
neighbours-label = مواد أخرى في هذا القسم
# dilmanc-source: 8b4d0f5a3780be64
previous-item = المادة السابقة
# dilmanc-source: 328710c09d853489
next-item = المادة التالية

## Lists

# dilmanc-source: 02ef5ceed8dab0f6
untranslated-marker = لم تُترجم بعد
# dilmanc-source: 5c3e948c67de1844
subsections-label = الأقسام الفرعية
# dilmanc-source: ccc9127cbc2ec8a4
pagination-label = التنقل بين الصفحات
# dilmanc-source: b26f5edd46a00674
previous-page = الصفحة السابقة
# dilmanc-source: c6e28e66d354f205
next-page = الصفحة التالية
# $current (Number), $total (Number)
# dilmanc-source: 14d90ca578b3c2c1
pagination-position = الصفحة { $current } من { $total }

## Tags

# $name (String) - the tag
# dilmanc-source: f6996e81ad287237
tag-heading = الوسم: { $name }
# $count (Number) - pages with this tag
# dilmanc-source: 7b85a0cf33772ec5
tag-page-count =
    { $count ->
        [zero] لا توجد مواد
        [one] مادة واحدة
        [two] مادتان
        [few] { $count } مواد
        [many] { $count } مادة
       *[other] { $count } مادة
    }

## Not found and redirects

# dilmanc-source: e3cbc35088c8837e
not-found-title = الصفحة غير موجودة
# dilmanc-source: c55f0430ef2dd3e4
not-found-text = الصفحة التي تبحث عنها غير موجودة أو نُقلت إلى عنوان آخر.
# dilmanc-source: 21f4567d1c5cedbd
redirect-title = إعادة توجيه
# dilmanc-source: 60a652b2c758004d
redirect-text = نُقلت هذه الصفحة إلى:

## Display controls (inserted by site.js)

# dilmanc-source: 138db2afddc3b5c4
display-controls-label = إعدادات العرض
# dilmanc-source: cbe25ca5930d29db
text-smaller = تصغير النص
# dilmanc-source: a3835a4ed84be8e7
text-reset = حجم النص الافتراضي
# dilmanc-source: afebd89c3ad23d5d
text-larger = تكبير النص
# dilmanc-source: 3978ff1a2e7b2e6b
contrast-toggle = تباين عالٍ
# dilmanc-source: d6e5cff0b7d9db81
footer-accessibility = بيان إمكانية الوصول

## Press releases

# dilmanc-source: d0590993a589cefd
archived-notice = هذه الصفحة مؤرشفة. قد تكون المعلومات الواردة فيها قديمة.
# dilmanc-source: db40e58b7b8d0118
gallery-label = معرض الصور
# dilmanc-source: aee8cdb22344e754
videos-label = مقاطع الفيديو
# dilmanc-source: 250264d2b081dc2c
related-heading = بيانات صحفية أخرى
# dilmanc-source: d9ea23122bcf8dcf
archive-label = الأرشيف
# dilmanc-source: 6bd9850c0e49c76d
archive-title = { $section }: { $period }

# dilmanc-source: 47ba6e381951b42a
table-label = جدول

## Service catalogue

# dilmanc-source: e8e160a5910859a3
letter-index-label = حسب الترتيب الأبجدي

# dilmanc-source: 994ec3a655c3c0af
service-what = عن الخدمة
# dilmanc-source: 01467b371996174a
service-who = من يمكنه التقديم
# dilmanc-source: 8743e0381a7fa485
service-proxy = نيابة عن شخص آخر
# dilmanc-source: c98fab5cc8d2921b
service-documents = المستندات المطلوبة
# dilmanc-source: 8ed90363e06a9b53
service-fees = الرسوم ومدة الإنجاز
# dilmanc-source: ce7ac295ca00e7cb
service-fee-price = الرسوم
# dilmanc-source: acbf6616cbfdf79a
service-fee-time = المدة
# dilmanc-source: 41ffbe1c0e97e4bf
service-free = مجانًا
# dilmanc-source: 1ed5d1f162ce69dc
service-price = { $amount } { $currency ->
        [AZN] مانات
       *[other] { $currency }
    }
# dilmanc-source: 65555a3aed4081bc
service-days = { $days ->
        [0] في اليوم نفسه
        [one] يوم واحد
        [two] يومان
        [few] { $days } أيام
       *[other] { $days } يومًا
    }
# dilmanc-source: aaff048930dbb4ba
service-working-days = { $days ->
        [one] يوم عمل واحد
        [two] يوما عمل
        [few] { $days } أيام عمل
       *[other] { $days } يوم عمل
    }
# dilmanc-source: 3fa4466b2853aa55
service-where = أين وكيف تقدم الطلب
# dilmanc-source: 61044ad6d413b15d
service-in-person = شخصيًا في مراكز الخدمة:
# dilmanc-source: 356117cf21364118
service-online = التقديم عبر الإنترنت
# dilmanc-source: 0d3b26c794a306f9
service-phone = عبر الهاتف
# dilmanc-source: 3d2dceeecbb2074c
service-mobile = في حافلة الخدمة المتنقلة
# dilmanc-source: 33d44d520b8db163
service-legal = الأساس القانوني
# dilmanc-source: efe214917351e464
service-updated = آخر تحديث
# dilmanc-source: 356a1950fbb12907
service-agency = الجهة المقدمة للخدمة
# dilmanc-source: 1bbf618a1da375ff
service-category = الفئة
# dilmanc-source: a58c23d9ad482a5b
service-life-events = مناسبات الحياة
# dilmanc-source: 6c0ffee8dc13176c
service-releases = بيانات صحفية عن هذه الخدمة
# dilmanc-source: 9705ea6382c310e1
catalogue-label = دليل الخدمات
# dilmanc-source: 82ec6428d932c06a
catalogue-categories = حسب الفئة
# dilmanc-source: 20e119cdc593d5f5
catalogue-life-events = حسب مناسبات الحياة
# dilmanc-source: 51f20f459f3720c7
open-data-label = البيانات المفتوحة
# dilmanc-source: b60a6e53798d806d
centre-address = العنوان
# dilmanc-source: 17032899a6986035
centre-phone = الهاتف
# dilmanc-source: aeddaf0280e35f57
centre-map = عرض على الخريطة (OpenStreetMap)
# dilmanc-source: 9e59d370b0a014b3
centre-hours = ساعات العمل
# dilmanc-source: b5bf411f3420ab12
centre-closed = مغلق
# dilmanc-source: 7ff2da2ce9a6035e
centre-exceptions = العطلات والتغييرات
# dilmanc-source: 7c421b7d40be04bd
centre-services = الخدمات المقدمة في هذا المركز
# dilmanc-source: 4fa52e5bc8876249
weekday-monday = الاثنين
# dilmanc-source: 67b9d65c665446c3
weekday-tuesday = الثلاثاء
# dilmanc-source: 1d53b2d9c9e9250c
weekday-wednesday = الأربعاء
# dilmanc-source: fb9c297aa978d083
weekday-thursday = الخميس
# dilmanc-source: cac9f35d5706fe0f
weekday-friday = الجمعة
# dilmanc-source: 92b56db360e92aa8
weekday-saturday = السبت
# dilmanc-source: 8c22379482076703
weekday-sunday = الأحد
# dilmanc-source: 6146e90e6f45e2d3
life-event-birth = ولادة طفل
# dilmanc-source: 2dab377c3da48db3
life-event-marriage = الزواج
# dilmanc-source: e06e1629b7ae674d
life-event-moving = تغيير مكان السكن
# dilmanc-source: c776af4ba3344378
life-event-travel = السفر إلى الخارج
# dilmanc-source: e87e3bdabac5e349
life-event-business = بدء مشروع تجاري
# dilmanc-source: 64a8931d1e9a54f4
life-event-retirement = التقاعد

# dilmanc-source: a2e4ec39426c3af3
service-category-identity = وثائق الهوية
# dilmanc-source: 69b3c71d1d4cf682
service-category-civil-status = الأحوال المدنية
# dilmanc-source: 01dc7243e784b096
service-category-residence = الإقامة
# dilmanc-source: b52ed872ede86d8c
service-category-business = الأعمال التجارية
# dilmanc-source: 35e7bce7acd51720
service-category-transport = النقل
# dilmanc-source: d1cebdfbd627cb75
service-category-certificates = الشهادات
# dilmanc-source: f76ad1c815aa4117
service-category-digital = الخدمات الرقمية

## Search

# dilmanc-source: 2e0183837b7897bf
nav-search = البحث
# dilmanc-source: c53c0f631a1c1833
search-title = البحث
# dilmanc-source: 13689acbfe90362d
search-label = ابحث في الموقع
# dilmanc-source: cddf6115df214366
search-button = بحث
# dilmanc-source: c118d6f4ba592a82
search-found = نتائج البحث عن «{ $query }»:
# dilmanc-source: ae5aadbd3719393e
search-none = لم يُعثر على نتائج لـ «{ $query }».
# dilmanc-source: 7d82262d5288980d
search-browse = تصفح أقسام الموقع
# $count (Number) - how many pages were found
# dilmanc-source: 1472c58be22a5046
search-count = عدد النتائج: { $count }
# dilmanc-source: 37bad79d300ecff9
search-section = القسم
# dilmanc-source: 41c714263b6e07c9
search-category = الفئة
# dilmanc-source: 1d2d0a5af61bd99e
search-all = الكل
# dilmanc-source: 81504b95adeb730e
search-more = المزيد من النتائج
