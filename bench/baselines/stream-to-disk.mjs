// Baseline for the uploads scenario: the least any server can do with an upload. The raw
// request body (multipart framing included, unparsed) is piped to a file on disk and the
// handler answers 201; no auth, no parsing, no sniffing, no database.
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

const dir = process.env.UPLOAD_DIR;
mkdirSync(dir, { recursive: true });
let n = 0;
createServer(async (req, res) => {
  if (req.url === '/ready') return res.end('ok');
  n += 1;
  await pipeline(req, createWriteStream(join(dir, `upload-${n}`)));
  res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: n }));
}).listen(Number(process.env.PORT), '127.0.0.1');
