// Characters a reader never sees but a file keeps: half of a surrogate pair (invalid
// UTF-16, which strict JSON readers such as jq refuse), zero-width spaces and joiners,
// the byte-order mark, soft hyphens, invisible operators and direction marks. They hide
// text from searches and masks ("09\u200B12 345 678") and break the files they land in,
// so every text a person types is cleaned of them before it is stored.

/** Zero-width and invisible format characters (the zero-width joiner is handled apart). */
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B\u200C\u200E\u200F\u2060-\u2064\u206A-\u206F\u3164\uFE00-\uFE0E\uFEFF\uFFA0]/gu;
/** A zero-width joiner that does not join two pictographs (👨‍👩‍👧 keeps its joiners). */
const STRAY_JOINER = /(?<![\p{Extended_Pictographic}\uFE0F\p{Emoji_Modifier}])\u200D|\u200D(?!\p{Extended_Pictographic})/gu;
/** A surrogate without its other half: in a unicode regex, paired ones are one code point. */
const LONE_SURROGATE = /\p{Cs}/gu;

/** `text` without lone surrogates and invisible characters; everything else is kept as it is. */
export function withoutInvisible(text: string): string {
  return text.replace(LONE_SURROGATE, '').replace(INVISIBLE, '').replace(STRAY_JOINER, '');
}
