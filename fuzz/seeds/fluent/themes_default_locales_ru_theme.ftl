# dilmanc default theme: Russian.

site-title = dilmanc

## Header and navigation

skip-link = Перейти к основному содержанию
language-switcher-label = Выбор языка
nav-label = Главное меню
nav-home = Главная
nav-press = Пресс-релизы
nav-services = Услуги
nav-about = О нас
breadcrumbs-label = Навигационная цепочка

## Pages

# $language (String) - the native name of the language the text below is written in
fallback-notice = Эта страница ещё не переведена на русский язык. Текст ниже приведён на языке оригинала: { $language }.
published-on = Опубликовано
updated-on = Обновлено
source-label = Источник
tags-label = Теги
neighbours-label = Другие материалы
previous-item = Предыдущий материал
next-item = Следующий материал

## Lists

untranslated-marker = не переведено
subsections-label = Разделы
pagination-label = Постраничная навигация
previous-page = Предыдущая страница
next-page = Следующая страница
# $current (Number), $total (Number)
pagination-position = Страница { $current } из { $total }

## Tags

# $name (String) - the tag
tag-heading = Тег: { $name }
# $count (Number) - pages with this tag
tag-page-count =
    { $count ->
        [one] { $count } материал
        [few] { $count } материала
        [many] { $count } материалов
       *[other] { $count } материала
    }

## Not found and redirects

not-found-title = Страница не найдена
not-found-text = Запрашиваемая страница не существует или перенесена по другому адресу.
redirect-title = Перенаправление
redirect-text = Эта страница перенесена по адресу:

## Footer

footer-contact = Контактные данные пока не добавлены.
footer-copyright = © { site-title }

## Display controls (inserted by site.js)

display-controls-label = Настройки отображения
text-smaller = Уменьшить текст
text-reset = Обычный размер текста
text-larger = Увеличить текст
contrast-toggle = Высокий контраст
footer-accessibility = Заявление о доступности

## Press releases

archived-notice = Эта страница находится в архиве. Сведения на ней могут быть устаревшими.
gallery-label = Фотогалерея
videos-label = Видео
related-heading = Другие пресс-релизы
archive-label = Архив
# $section (String) - the section's title, $period (String) - a year or a month
archive-title = { $section }: { $period }

# The accessible name of the box a wide table scrolls in.
table-label = Таблица

## Service catalogue

letter-index-label = По алфавиту

service-what = Об услуге
service-who = Кто может обратиться
service-proxy = За другое лицо
service-documents = Необходимые документы
service-fees = Стоимость и сроки
service-fee-price = Стоимость
service-fee-time = Срок
service-free = Бесплатно
# $amount (Number), $currency (String) - an ISO 4217 code
service-price = { $amount } { $currency ->
        [AZN] { $amount ->
            [one] манат
            [few] маната
           *[many] манатов
        }
       *[other] { $currency }
    }
# $days (Number) - calendar days; 0 is the same day
service-days = { $days ->
        [0] В тот же день
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    }
# $days (Number) - working days
service-working-days = { $days ->
        [one] { $days } рабочий день
        [few] { $days } рабочих дня
       *[many] { $days } рабочих дней
    }
service-where = Где и как обратиться
service-in-person = Лично, в центрах обслуживания:
service-online = Подать заявку онлайн
service-phone = По телефону
service-mobile = В мобильном автобусе обслуживания
service-legal = Правовая основа
service-updated = Последнее обновление
service-agency = Услугу предоставляет
service-category = Категория
service-life-events = Жизненные ситуации
service-releases = Пресс-релизы об этой услуге
catalogue-label = Каталог услуг
catalogue-categories = По категориям
catalogue-life-events = По жизненным ситуациям
open-data-label = Открытые данные
centre-address = Адрес
centre-phone = Телефон
centre-map = Посмотреть на карте (OpenStreetMap)
centre-hours = Часы работы
centre-closed = Закрыто
centre-exceptions = Праздники и изменения
centre-services = Услуги в этом центре
weekday-monday = Понедельник
weekday-tuesday = Вторник
weekday-wednesday = Среда
weekday-thursday = Четверг
weekday-friday = Пятница
weekday-saturday = Суббота
weekday-sunday = Воскресенье
life-event-birth = Рождение ребёнка
life-event-marriage = Вступление в брак
life-event-moving = Переезд
life-event-travel = Поездка за границу
life-event-business = Открытие бизнеса
life-event-retirement = Выход на пенсию

## Search

nav-search = Поиск
search-title = Поиск
search-label = Поиск по сайту
search-button = Найти
# $query (String) - what the reader typed
search-found = Результаты по запросу «{ $query }»:
search-none = По запросу «{ $query }» ничего не найдено.
search-browse = Разделы сайта
# $count (Number) - how many pages were found
search-count = Найдено: { $count }
search-section = Раздел
search-category = Категория
search-all = Все
search-more = Ещё результаты
# Shown when the files of the search index cannot be read
search-error = Поиск сейчас не работает. Попробуйте чуть позже или воспользуйтесь разделами ниже.
