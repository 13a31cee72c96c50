#!/usr/bin/env bash
# Regenerates the seed corpora fuzz/seeds/<target>/ from the repository's fixtures
# (tests/fixtures, including every broken case), the default theme and the demo site.
# The output is deterministic: run it after changing fixtures and commit fuzz/seeds/.
set -euo pipefail

fuzz="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$fuzz")"
seeds="$fuzz/seeds"
cd "$repo"

rm -rf "$seeds"
mkdir -p "$seeds"/{front_matter,site_toml,fluent,markdown,site,search,exchange}

# A file name for a repository path: tests/fixtures/a/b.md -> a_b.md
name() { echo "${1#tests/fixtures/}" | tr '/' '_'; }

# front_matter: every content file of the fixtures, as it is.
find tests/fixtures -name '*.md' -type f | sort | while read -r f; do
    cp "$f" "$seeds/front_matter/$(name "$f")"
done

# site_toml: every site.toml of the fixtures and the demo site.
find tests/fixtures -name site.toml -type f | sort | while read -r f; do
    cp "$f" "$seeds/site_toml/$(name "$f")"
done
cp site.toml "$seeds/site_toml/demo_site.toml"

# fluent: the fixtures' .ftl files (the broken ones too), the theme's and the demo site's.
find tests/fixtures themes/default/locales locales -name '*.ftl' -type f | sort | while read -r f; do
    cp "$f" "$seeds/fluent/$(name "$f")"
done

# markdown: the fixture pages with their internal links and centre keys pointed at what
# the markdown target's fixed site has (press/x.md, services/passport.md, merkez-1), so
# that the seeds get past the link check and render.
find tests/fixtures -name '*.md' -type f ! -name '_index*' | sort | while read -r f; do
    sed -E \
        -e 's#@/press/[^)\#" ]*\.md#@/press/x.md#g' \
        -e 's#@/services/[^)\#" ]*\.md#@/services/passport.md#g' \
        -e 's#\]\((\.\./)+[^)\#" ]*\.md#](../x.md#g' \
        -e 's#"(merkez-[0-9]+|baki-1|gence)"#"merkez-1"#g' \
        -e 's#services = \[[^]]*\]#services = ["passport"]#' \
        "$f" > "$seeds/markdown/$(name "$f")"
done
cat > "$seeds/markdown/all-features.md" <<'EOF'
+++
title = "Bütün imkanlar"
description = "Keçidlər, şəkillər və xidmət cədvəli."
date = 2017-06-21
updated = 2017-06-22T10:00:00+04:00
tags = ["Görüş"]
aliases = ["/kohne/yol/"]
image = "photo.png"
image_alt = "Foto"
gallery = [{ file = "photo.png", alt = "Foto", caption = "Görüş" }]
services = ["passport"]

[service]
agency = "Agentlik"
category = "identity"
life_events = ["travel"]
eligibility = { who = "Vətəndaşlar", by_proxy = "Etibarnamə ilə" }
documents = [{ name = "Ərizə", note = "əsli" }]
fees = [{ amount = 5, currency = "AZN", days = 10, working_days = true }, { free = true, days = 0 }]
channels = { in_person = true, online = "https://e.example.az/x", phone = "+994 12 000 00 00" }
centres = ["merkez-1"]
legal_basis = [{ title = "Qanun", url = "https://example.az/qanun" }]
+++
## Başlıq {#basliq}

Bax [xəbər](@/press/x.md), [nisbi](../x.md#senedler), [xidmət](@/services/passport.md#senedler),
[bölmə](@/press/_index.md), [burada](#basliq) və [xarici](https://example.az).

![Foto](photo.png "Başlıq")

| a | b |
| - | - |
| 1 | ~~2~~ |

Qeyd[^1].

[^1]: Haşiyə.
EOF

# site: whole small sites, one file per fixture site and per broken case that replaces one
# of the parts. Parts, separated by a line %%%%: site.toml, content/_index.md,
# content/press/a.md, content/press/a.en.md, locales/az/site.ftl, templates/page.html.
site_seed() { # OUT SITE_TOML INDEX PAGE TRANSLATION FTL TEMPLATE
    local out="$1"
    shift
    local first=1
    for part in "$@"; do
        [ $first = 1 ] || printf '\n%%%%%%%%\n'
        first=0
        [ -z "$part" ] || cat "$part"
    done > "$seeds/site/$out"
}
m=tests/fixtures/multilingual
theme_page=themes/default/templates/page.html
site_seed multilingual $m/site.toml $m/content/_index.md \
    $m/content/press/2018-01-10-hesabat.md $m/content/press/2018-01-10-hesabat.en.md \
    $m/locales/ar/site.ftl $theme_page
site_seed multilingual-no-template $m/site.toml $m/content/_index.md \
    $m/content/press/2017-09-06-yeni-merkez.md $m/content/press/2018-01-10-hesabat.en.md \
    locales/az/site.ftl ""
site_seed services tests/fixtures/services/site.toml tests/fixtures/services/content/_index.md \
    tests/fixtures/services/content/press/2026-05-01-xeber.md \
    tests/fixtures/services/content/services/xidmet.en.md \
    themes/default/locales/az/theme.ftl ""
site_seed press tests/fixtures/press/site.toml tests/fixtures/press/content/_index.md \
    tests/fixtures/press/content/press/2017-06-02-digital.md \
    tests/fixtures/press/content/press/2017-06-21-geneva/index.en.md "" ""
for case in tests/fixtures/broken/*/; do
    case="${case%/}"
    toml=$m/site.toml
    page=$m/content/press/2018-01-10-hesabat.md
    ftl=$m/locales/ar/site.ftl
    template=""
    [ -f "$case/site.toml" ] && toml="$case/site.toml"
    found="$(find "$case/content" -name '*.md' -type f 2>/dev/null | sort | head -n 1 || true)"
    [ -n "$found" ] && page="$found"
    found="$(find "$case/locales" -name '*.ftl' -type f 2>/dev/null | sort | head -n 1 || true)"
    [ -n "$found" ] && ftl="$found"
    found="$(find "$case/templates" -name '*.html' -type f 2>/dev/null | sort | head -n 1 || true)"
    [ -n "$found" ] && template="$found"
    site_seed "broken_$(basename "$case")" "$toml" $m/content/_index.md "$page" \
        $m/content/press/2018-01-10-hesabat.en.md "$ftl" "$template"
done

# search: each page of the demonstration site as its language's byte (az 0, en 1, ru 2,
# ar 3) and its text, and one input with every Russian page (texts apart at U+001E).
find content -name '*.md' -type f | sort | while read -r f; do
    case "$f" in
        *.en.md) l='\001' ;;
        *.ru.md) l='\002' ;;
        *.ar.md) l='\003' ;;
        *) l='\000' ;;
    esac
    { printf "$l"; cat "$f"; } > "$seeds/search/$(echo "$f" | tr '/' '_')"
done
{
    printf '\002'
    find content -name '*.ru.md' -type f | sort | while read -r f; do cat "$f"; printf '\036'; done
} > "$seeds/search/all-ru"

# exchange: `dilmanc l10n export --only all` of the multilingual fixture for en and ru, in
# both formats, behind the format byte (0 XLIFF, 1 PO), as exported and with every source
# copied into its target (marked translated, as tests/testsuite/exchange.rs
# copy_sources_to_targets and copy_msgids_to_msgstrs do), which imports. The dilmanc binary
# is $DILMANC, or built with cargo.
if [ -z "${DILMANC:-}" ]; then
    cargo build --quiet --bin dilmanc
    DILMANC="${CARGO_TARGET_DIR:-$repo/target}/debug/dilmanc"
fi
exchange_work="$(mktemp -d)"
trap 'rm -rf "$exchange_work"' EXIT
cp -r $m "$exchange_work/site"
for lang in en ru; do
    "$DILMANC" l10n export --root "$exchange_work/site" --lang $lang --only all \
        --format xliff -o "$exchange_work/$lang.xlf" > /dev/null
    "$DILMANC" l10n export --root "$exchange_work/site" --lang $lang --only all \
        --format po -o "$exchange_work/$lang.po" > /dev/null
    { printf '\000'; cat "$exchange_work/$lang.xlf"; } > "$seeds/exchange/$lang.xlf"
    { printf '\001'; cat "$exchange_work/$lang.po"; } > "$seeds/exchange/$lang.po"
    {
        printf '\000'
        awk '/^<target/ { next }
            { print }
            /^<source>.*<\/source>$/ {
                s = $0; sub(/^<source>/, "", s); sub(/<\/source>$/, "", s)
                print "<target state=\"translated\">" s "</target>"
            }' "$exchange_work/$lang.xlf"
    } > "$seeds/exchange/$lang-translated.xlf"
    {
        printf '\001'
        awk 'BEGIN { header = 1 }
            $0 == "#, fuzzy" { next }
            /^msgid / { msgid = substr($0, 7); in_msgid = 1; print; next }
            /^msgstr / {
                in_msgid = 0
                if (header) { header = 0; print } else { print "msgstr " msgid; skip = 1 }
                next
            }
            /^"/ {
                if (in_msgid) { msgid = msgid "\n" $0; print }
                else if (!skip) print
                next
            }
            { skip = 0; print }' "$exchange_work/$lang.po"
    } > "$seeds/exchange/$lang-translated.po"
done

for target in "$seeds"/*/; do
    echo "$(basename "$target"): $(find "$target" -type f | wc -l) seeds"
done
