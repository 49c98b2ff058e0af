#!/bin/sh
# Builds static/vendor/noto-sans-mongolian/ from Debian's fonts-noto-core:
# Noto Sans Mongolian subset to the Mongolian block (every name a hall may
# type, with the joining forms and variation selectors), the narrow
# no-break space and the zero-width (non-)joiners, as woff2, with its
# licence (SIL OFL 1.1). Run again after upgrading the font package.
#   apt-get install fonts-noto-core
#   python3 -m venv /tmp/fonts && /tmp/fonts/bin/pip install -r scripts/requirements-fonts.txt
#   PYFTSUBSET=/tmp/fonts/bin/pyftsubset sh scripts/build-mongolian-font.sh
set -eu
cd "$(dirname "$0")/.."
SOURCE=/usr/share/fonts/truetype/noto/NotoSansMongolian-Regular.ttf
OUT=static/vendor/noto-sans-mongolian
PYFTSUBSET=${PYFTSUBSET:-pyftsubset}
mkdir -p "$OUT"
# Every glyph the shaper may reach from these characters (the positional
# and variant forms are glyphs without code points of their own) is kept
# by the default layout closure of pyftsubset.
"$PYFTSUBSET" "$SOURCE" \
    --unicodes='U+1800-18AF,U+202F,U+200C-200D,U+0020,U+00A0' \
    --layout-features='*' --flavor=woff2 --no-hinting \
    --output-file="$OUT/NotoSansMongolian-Regular.subset.woff2"
# The licence, as Debian's copyright file gives it for the Noto fonts.
{
    echo 'Noto Sans Mongolian: Copyright 2010-2020 Google Inc. and Google LLC.'
    echo 'Subset of NotoSansMongolian-Regular.ttf (Debian fonts-noto-core) by'
    echo 'scripts/build-mongolian-font.sh. Licensed under the SIL Open Font'
    echo 'License, Version 1.1:'
    echo
    # The stanza of the licence text: "License: OFL-1.1" after a blank line,
    # up to the next blank line.
    awk 'blank && /^License: OFL-1.1$/ { found = 1; blank = 0; next }
         found && /^$/ { exit }
         found { print }
         { blank = /^$/ }' /usr/share/doc/fonts-noto-core/copyright \
        | sed -e 's/^ //' -e 's/^\.$//'
} > "$OUT/LICENSE"
ls -l "$OUT"
