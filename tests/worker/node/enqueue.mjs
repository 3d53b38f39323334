// Enqueue jobs with Node BullMQ exactly as a TypeScript backend does, and wait for
// their results the way such a backend would (QueueEvents + waitUntilFinished):
//   node enqueue.mjs <redis-url> <queue> <wait-seconds> < jobs.json
// jobs.json: [{"name": ..., "data": {...}, "opts": {...}}, ...]
// Prints one JSON line: [{"id", "returnvalue"} | {"id", "failedReason"}, ...].
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";

const [url, queueName, waitSeconds] = process.argv.slice(2);
// BullMQ 6 takes a ready ioredis client; QueueEvents blocks, so it gets its own.
// Clients passed in are the caller's to close: BullMQ's close() leaves them open.
const clients = [];
const connection = () => {
  const client = new Redis(url, { maxRetriesPerRequest: null });
  clients.push(client);
  return client;
};
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const jobs = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const queue = new Queue(queueName, { connection: connection() });
const events = new QueueEvents(queueName, { connection: connection() });
try {
  await events.waitUntilReady();
  const added = await Promise.all(jobs.map((j) => queue.add(j.name, j.data, j.opts ?? {})));
  const ttl = Number(waitSeconds) * 1000;
  const results = await Promise.all(
    added.map(async (job) => {
      try {
        return { id: job.id, returnvalue: await job.waitUntilFinished(events, ttl) };
      } catch (err) {
        return { id: job.id, failedReason: String(err.message ?? err) };
      }
    }),
  );
  process.stdout.write(JSON.stringify(results) + "\n");
} finally {
  await events.close();
  await queue.close();
  await Promise.all(clients.map((c) => c.quit()));
}
