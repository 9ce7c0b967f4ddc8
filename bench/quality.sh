#!/usr/bin/env bash
# How close avatar-offload's renders are to the forum's ImageMagick renders, over the shared edge-case corpus.
#
#   bench/quality.sh [corpus-dir]        (default: ../shared/images beside the repository)
#
# For every corpus file and each size in SIZES (default "120 24") it makes ImageMagick's render with Discourse's
# recipe (OptimizedImage.resize_instructions: first frame, -auto-orient, centre gravity, transparent background,
# -thumbnail WxH^ -extent WxH, -unsharp 2x0.5+0.7+0, then -profile sRGB, which converts through an embedded ICC
# profile: CMYK, grey and odd RGB profiles) into two variants:
#   a-discourse  the recipe as above, with -filter Catrom before -thumbnail (see below)
#   b-nosharp    the same without the unsharp mask
# then renders the same files through ImagePipeline (as PNG) and prints, per file, the mean absolute error per
# channel and SSIM on luma (filter/src/test/java/org/avataroffload/image/QualityReport.java).
#
# Discourse itself passes "-interpolate catrom" after -thumbnail, which does not change the filter -thumbnail
# resizes with (ImageMagick's default: Lanczos; Mitchell when enlarging or for alpha/palette images); -filter Catrom
# makes the Catmull-Rom filter the comparison is meant to use. FILTER= (empty) compares with the default filter.
# Discourse's profile is its own RT_sRGB.icm; any sRGB profile does here (SRGB_PROFILE, default Ghostscript's, which
# comes with imagemagick's dependencies). Both sides are written as PNG, so JPEG noise is not measured.
# Not part of mvn verify.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=$(cd "${1:-$ROOT/../shared/images}" && pwd)
SIZES=${SIZES:-"120 24"}
FILTER=${FILTER-Catrom}
SRGB_PROFILE=${SRGB_PROFILE:-/usr/share/color/icc/ghostscript/srgb.icc}
WORK=${WORK:-$ROOT/filter/target/quality}

magick_convert() {
  # the real ImageMagick, not a stand-in that happens to be called convert
  if convert -version 2>/dev/null | grep -q '^Version: ImageMagick'; then return 0; fi
  echo "installing imagemagick (apt-get, needs root)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq imagemagick >/dev/null
  convert -version | grep -q '^Version: ImageMagick'
}
magick_convert
convert -version | head -1

rm -rf "$WORK"
mkdir -p "$WORK/reference/a-discourse" "$WORK/reference/b-nosharp" "$WORK/ours"
filter_args=()
if [ -n "$FILTER" ]; then filter_args=(-filter "$FILTER"); fi
profile_args=()
if [ -f "$SRGB_PROFILE" ]; then
  profile_args=(-profile "$SRGB_PROFILE")
else
  echo "warning: no sRGB profile at $SRGB_PROFILE: ImageMagick's side ignores embedded ICC profiles" >&2
fi

made=0 failed=0
while IFS= read -r -d '' file; do
  name=${file#"$CORPUS"/}
  for size in $SIZES; do
    for variant in a-discourse b-nosharp; do
      out="$WORK/reference/$variant/$size/$name.png"
      mkdir -p "$(dirname "$out")"
      sharpen=()
      if [ "$variant" = a-discourse ]; then sharpen=(-unsharp 2x0.5+0.7+0); fi
      # bounded: the corpus holds decompression bombs; ImageMagick's own policy refuses most of them
      if timeout 60 convert "$file[0]" -auto-orient -gravity center -background transparent "${filter_args[@]}" \
          -thumbnail "${size}x${size}^" -extent "${size}x${size}" "${sharpen[@]}" "${profile_args[@]}" \
          "PNG32:$out" 2>/dev/null; then
        made=$((made + 1))
      else
        rm -f "$out"
        failed=$((failed + 1))
      fi
    done
  done
done < <(find "$CORPUS" -type f ! -name MANIFEST.md ! -name SHA256SUMS -print0 | sort -z)
echo "ImageMagick: $made renders made, $failed refused or failed (bombs, corrupt files, SVG)"

cd "$ROOT"
mvn -B -q -pl filter test-compile
mvn -B -q -pl filter dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null
java -cp "filter/target/classes:filter/target/test-classes:$(cat "$WORK/classpath.txt")" \
  org.avataroffload.image.QualityReport "$CORPUS" "$WORK/reference" "$WORK/ours" $SIZES
