// opencc-js 1.4.2 (pinned) ships typings for its entry points but not for its dictionaries
// (`opencc-js/dict/<name>`, each a module whose default export is the dictionary as one string,
// "from to|from to|…"): the ones src/lib/person-name.ts reads.
declare module 'opencc-js/dict/*' {
  const dict: string;
  export default dict;
}
