/**
 * What the bench holds the service against besides the reference library: Express with the service's JSON
 * body parser, answering the service's own responses (recorded by the bench) as constants and doing nothing
 * else — no key, no signature, no database. Its rate is the most any Express route can do on this machine with
 * the same load generator; it runs as its own process, as the service does.
 */
import express from 'express';

const created = process.env.CEILING_CREATED ?? '{}';
const verdict = process.env.CEILING_VERDICT ?? '{}';
const app = express();
app.use(express.json({ limit: '256kb' }));
app.post('/v1/credentials', (_req, res) => void res.status(201).type('json').send(created));
app.get('/credentials/:id/verification', (_req, res) => void res.type('json').send(verdict));
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => server.close());
