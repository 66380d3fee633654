/**
 * Report text is untrusted data placed between <report> and </report> in the user message. Anything in
 * it that looks like one of those tags is defused (its brackets made full-width) so the text can never
 * close the block and speak outside it.
 */
const TAG_RE = /<\s*(\/?)\s*(report)\s*>/giu;

export function defuseDelimiters(text: string): string {
  return text.normalize("NFKC").replace(TAG_RE, (_m, slash: string, name: string) => `＜${slash}${name}＞`);
}
