# The demonstration site's messages in Arabic (Modern Standard Arabic). The default theme
# ships no Arabic file, so this file carries every message the theme uses as well as the
# site's own. The agency, its address and its phone number are fictional.

site-title = وكالة الخدمات الحكومية
# The phone number is wrapped in a left-to-right isolate so that "+" stays in front of it.
footer-contact = العنوان: باكو، AZ1000، شارع نمونه، 1 · الهاتف: {"\u2066"}+994 12 000 00 00{"\u2069"} · البريد الإلكتروني: info@example.gov.az
footer-copyright = © { site-title }

## Header and navigation

skip-link = انتقل إلى المحتوى الرئيسي
language-switcher-label = اختيار اللغة
nav-label = القائمة الرئيسية
nav-home = الصفحة الرئيسية
nav-press = المكتب الصحفي
nav-services = الخدمات
nav-about = من نحن
breadcrumbs-label = مسار التنقل

## Pages

# $language (String) - the native name of the language the text below is written in
fallback-notice = لم تُترجم هذه الصفحة إلى العربية بعد. النص أدناه بلغته الأصلية: { $language }.
published-on = تاريخ النشر
updated-on = آخر تحديث
source-label = المصدر
tags-label = الوسوم
neighbours-label = مواد أخرى في هذا القسم
previous-item = المادة السابقة
next-item = المادة التالية

## Lists

untranslated-marker = لم تُترجم بعد
subsections-label = الأقسام الفرعية
pagination-label = التنقل بين الصفحات
previous-page = الصفحة السابقة
next-page = الصفحة التالية
# $current (Number), $total (Number)
pagination-position = الصفحة { $current } من { $total }

## Tags

# $name (String) - the tag
tag-heading = الوسم: { $name }
# $count (Number) - pages with this tag
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

not-found-title = الصفحة غير موجودة
not-found-text = الصفحة التي تبحث عنها غير موجودة أو نُقلت إلى عنوان آخر.
redirect-title = إعادة توجيه
redirect-text = نُقلت هذه الصفحة إلى:

## Display controls (inserted by site.js)

display-controls-label = إعدادات العرض
text-smaller = تصغير النص
text-reset = حجم النص الافتراضي
text-larger = تكبير النص
contrast-toggle = تباين عالٍ
footer-accessibility = بيان إمكانية الوصول

## Press releases

archived-notice = هذه الصفحة مؤرشفة. قد تكون المعلومات الواردة فيها قديمة.
gallery-label = معرض الصور
videos-label = مقاطع الفيديو
related-heading = بيانات صحفية أخرى
archive-label = الأرشيف
archive-title = { $section }: { $period }

table-label = جدول

## Service catalogue

letter-index-label = حسب الترتيب الأبجدي

service-what = عن الخدمة
service-who = من يمكنه التقديم
service-proxy = نيابة عن شخص آخر
service-documents = المستندات المطلوبة
service-fees = الرسوم ومدة الإنجاز
service-fee-price = الرسوم
service-fee-time = المدة
service-free = مجانًا
service-price = { $amount } { $currency ->
        [AZN] مانات
       *[other] { $currency }
    }
service-days = { $days ->
        [0] في اليوم نفسه
        [one] يوم واحد
        [two] يومان
        [few] { $days } أيام
       *[other] { $days } يومًا
    }
service-working-days = { $days ->
        [one] يوم عمل واحد
        [two] يوما عمل
        [few] { $days } أيام عمل
       *[other] { $days } يوم عمل
    }
service-where = أين وكيف تقدم الطلب
service-in-person = شخصيًا في مراكز الخدمة:
service-online = التقديم عبر الإنترنت
service-phone = عبر الهاتف
service-mobile = في حافلة الخدمة المتنقلة
service-legal = الأساس القانوني
service-updated = آخر تحديث
service-agency = الجهة المقدمة للخدمة
service-category = الفئة
service-life-events = مناسبات الحياة
service-releases = بيانات صحفية عن هذه الخدمة
catalogue-label = دليل الخدمات
catalogue-categories = حسب الفئة
catalogue-life-events = حسب مناسبات الحياة
open-data-label = البيانات المفتوحة
centre-address = العنوان
centre-phone = الهاتف
centre-map = عرض على الخريطة (OpenStreetMap)
centre-hours = ساعات العمل
centre-closed = مغلق
centre-exceptions = العطلات والتغييرات
centre-services = الخدمات المقدمة في هذا المركز
weekday-monday = الاثنين
weekday-tuesday = الثلاثاء
weekday-wednesday = الأربعاء
weekday-thursday = الخميس
weekday-friday = الجمعة
weekday-saturday = السبت
weekday-sunday = الأحد
life-event-birth = ولادة طفل
life-event-marriage = الزواج
life-event-moving = تغيير مكان السكن
life-event-travel = السفر إلى الخارج
life-event-business = بدء مشروع تجاري
life-event-retirement = التقاعد

service-category-identity = وثائق الهوية
service-category-civil-status = الأحوال المدنية
service-category-residence = الإقامة
service-category-business = الأعمال التجارية
service-category-transport = النقل
service-category-certificates = الشهادات
service-category-digital = الخدمات الرقمية

## Search

nav-search = البحث
search-title = البحث
search-label = ابحث في الموقع
search-button = بحث
search-found = نتائج البحث عن «{ $query }»:
search-none = لم يُعثر على نتائج لـ «{ $query }».
search-browse = تصفح أقسام الموقع
