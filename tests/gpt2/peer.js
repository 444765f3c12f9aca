// peer.js: reads {"text", "ids"} lines (attnlab's ids, from peer_ids) on stdin and encodes
// each text with the gpt-3-encoder npm package's own encoder; prints the first differences
// and exits 1 when any text differs.
const enc = require('gpt-3-encoder');
const lines = require('fs').readFileSync(0, 'utf8').split('\n').filter((l) => l.length);
let bad = 0;
for (const line of lines) {
    const { text, ids } = JSON.parse(line);
    const want = enc.encode(text);
    if (JSON.stringify(want) !== JSON.stringify(ids)) {
        if (bad++ < 5)
            console.log('differs: ' + JSON.stringify(text) + '\n  attnlab ' +
                        JSON.stringify(ids) + '\n  gpt-3-encoder ' + JSON.stringify(want));
    }
}
console.log(`${lines.length - bad} of ${lines.length} random texts: the same ids`);
process.exit(bad ? 1 : 0);
