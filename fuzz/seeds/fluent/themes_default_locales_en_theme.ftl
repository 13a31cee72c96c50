# dilmanc default theme: English.

site-title = dilmanc

## Header and navigation

skip-link = Skip to main content
language-switcher-label = Choose a language
nav-label = Main menu
nav-home = Home
nav-press = Press releases
nav-services = Services
nav-about = About us
breadcrumbs-label = Breadcrumb

## Pages

# $language (String) - the native name of the language the text below is written in
fallback-notice = This page has not been translated into English yet. The text below is in { $language }.
published-on = Published
updated-on = Updated
source-label = Source
tags-label = Tags
neighbours-label = More in this section
previous-item = Previous
next-item = Next

## Lists

untranslated-marker = not translated yet
subsections-label = Sections
pagination-label = Pagination
previous-page = Previous page
next-page = Next page
# $current (Number), $total (Number)
pagination-position = Page { $current } of { $total }

## Tags

# $name (String) - the tag
tag-heading = Tag: { $name }
# $count (Number) - pages with this tag
tag-page-count =
    { $count ->
        [one] { $count } item
       *[other] { $count } items
    }

## Not found and redirects

not-found-title = Page not found
not-found-text = The page you are looking for does not exist or has moved to another address.
redirect-title = Redirecting
redirect-text = This page has moved to:

## Footer

footer-contact = Contact details have not been added yet.
footer-copyright = © { site-title }

## Display controls (inserted by site.js)

display-controls-label = Display settings
text-smaller = Smaller text
text-reset = Default text size
text-larger = Larger text
contrast-toggle = High contrast
footer-accessibility = Accessibility statement

## Press releases

archived-notice = This page is archived. The information on it may be out of date.
gallery-label = Photo gallery
videos-label = Videos
related-heading = Other press releases
archive-label = Archive
# $section (String) - the section's title, $period (String) - a year or a month
archive-title = { $section }: { $period }

# The accessible name of the box a wide table scrolls in.
table-label = Table

## Service catalogue

letter-index-label = A to Z

service-what = About the service
service-who = Who can apply
service-proxy = On someone else's behalf
service-documents = What to bring
service-fees = Cost and processing time
service-fee-price = Cost
service-fee-time = Processing time
service-free = Free
# $amount (Number), $currency (String) - an ISO 4217 code
service-price = { $amount } { $currency ->
        [AZN] manat
       *[other] { $currency }
    }
# $days (Number) - calendar days; 0 is the same day
service-days = { $days ->
        [0] The same day
        [one] { $days } day
       *[other] { $days } days
    }
# $days (Number) - working days
service-working-days = { $days ->
        [one] { $days } working day
       *[other] { $days } working days
    }
service-where = Where and how to apply
service-in-person = In person at a service centre:
service-online = Apply online
service-phone = By phone
service-mobile = At the mobile service bus
service-legal = Legal basis
service-updated = Last updated
service-agency = Provided by
service-category = Category
service-life-events = Life events
service-releases = Press releases about this service
catalogue-label = Service catalogue
catalogue-categories = By category
catalogue-life-events = By life event
open-data-label = Open data
centre-address = Address
centre-phone = Phone
centre-map = View on a map (OpenStreetMap)
centre-hours = Opening hours
centre-closed = Closed
centre-exceptions = Holidays and changes
centre-services = Services at this centre
weekday-monday = Monday
weekday-tuesday = Tuesday
weekday-wednesday = Wednesday
weekday-thursday = Thursday
weekday-friday = Friday
weekday-saturday = Saturday
weekday-sunday = Sunday
life-event-birth = Having a baby
life-event-marriage = Getting married
life-event-moving = Moving home
life-event-travel = Travelling abroad
life-event-business = Starting a business
life-event-retirement = Retiring

## Search

nav-search = Search
search-title = Search
search-label = Search this site
search-button = Search
# $query (String) - what the reader typed
search-found = Results for “{ $query }”:
search-none = Nothing found for “{ $query }”.
search-browse = Browse the site
# $count (Number) - how many pages were found
search-count = Results: { $count }
search-section = Section
search-category = Category
search-all = All
search-more = More results
# Shown when the files of the search index cannot be read
search-error = Search is not working right now. Try again in a moment, or browse the site below.
