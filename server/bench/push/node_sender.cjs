// Node's `web-push` in the push benchmark: sends the messages our sender sent (JOBS file)
// to the same receiver, CONCURRENCY at a time over keep-alive connections, and prints one
// JSON line. Run by run.sh (NODE_PATH finds end2end/node_modules, NODE_EXTRA_CA_CERTS
// trusts the receiver's certificate).
const webpush = require('web-push');
const https = require('node:https');
const fs = require('node:fs');

const [jobsFile, receiver] = process.argv.slice(2);
const concurrency = Number(process.env.CONCURRENCY || 32);
const { vapid_private, vapid_public, jobs } = JSON.parse(fs.readFileSync(jobsFile, 'utf8'));
webpush.setVapidDetails('mailto:bench@example.org', vapid_public, vapid_private);
const agent = new https.Agent({ keepAlive: true, maxSockets: concurrency });

function control(method, path) {
  return new Promise((resolve, reject) => {
    const req = https.request(`${receiver}${path}`, { method, agent }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

(async () => {
  const due = Date.now() + 1000;
  await control('POST', `/reset?due_ms=${due}`);
  await new Promise((r) => setTimeout(r, due - Date.now()));
  const cpu = process.cpuUsage();
  let next = 0;
  let failed = 0;
  async function worker() {
    while (next < jobs.length) {
      const job = jobs[next++];
      try {
        await webpush.sendNotification(
          { endpoint: job.endpoint, keys: { p256dh: job.p256dh, auth: job.auth } },
          job.payload,
          { TTL: job.ttl, urgency: 'normal', topic: job.topic, contentEncoding: 'aes128gcm', agent },
        );
      } catch (e) {
        failed += 1;
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const used = process.cpuUsage(cpu);
  const stats = JSON.parse(await control('GET', '/stats'));
  const seconds = (stats.last_ms - stats.due_ms) / 1000;
  console.log(JSON.stringify({
    sender: `node web-push ${require('web-push/package.json').version}`,
    count: stats.count, failed, seconds, per_second: jobs.length / seconds,
    p50_ms: stats.p50_ms, p99_ms: stats.p99_ms,
    sender_cpu_seconds: (used.user + used.system) / 1e6, receiver_cpu_seconds: stats.cpu_seconds,
  }));
  agent.destroy();
})();
