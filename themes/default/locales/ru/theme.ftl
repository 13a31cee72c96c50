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
