/**
 * Folders the checker benchmark reads (`npm run bench`): a large generated application folder
 * and a deeply nested document, written into a temporary folder the benchmark removes.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Bytes of ConfigMap data per component, to reach the folder size with realistic objects. */
const CONFIG_BYTES = 40 * 1024;

function component(i: number): string {
  const name = `svc-${i}`;
  const next = `svc-${i + 1}`;
  // A settings file of realistic lines (the value of a ConfigMap key, like an nginx or app config).
  const line = `setting_${i}_key = "value for ${name}, reaching ${next} on port 8080"\n`;
  const settings = line.repeat(Math.ceil(CONFIG_BYTES / line.length)).split('\n').map((l) => `    ${l}`).join('\n');
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
data:
  UPSTREAM_URL: http://${next}:8080
  app.conf: |
${settings}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: app
          image: registry.example.com/shop/${name}:1.${i}.0
          ports:
            - containerPort: 8080
              name: http
          env:
            - name: UPSTREAM_URL
              valueFrom:
                configMapKeyRef:
                  name: ${name}-config
                  key: UPSTREAM_URL
          volumeMounts:
            - name: config
              mountPath: /etc/app
          resources:
            limits:
              memory: 128Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
      volumes:
        - name: config
          configMap:
            name: ${name}-config
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
    - port: 8080
      targetPort: http
`;
}

/**
 * Writes about `megabytes` MB of manifests into `dir`: one file per component (ConfigMap with a
 * settings file, Deployment, Service), each reaching the next component's Service. Returns the
 * number of files and bytes written. The last component's upstream is the first one.
 */
export function writeLargeFolder(dir: string, megabytes: number): { files: number; bytes: number } {
  fs.mkdirSync(dir, { recursive: true });
  const one = Buffer.byteLength(component(0));
  const count = Math.max(2, Math.round((megabytes * 1024 * 1024) / one));
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const text = component(i).replace(new RegExp(`svc-${count}\\b`, 'g'), 'svc-0');
    fs.writeFileSync(path.join(dir, `svc-${String(i).padStart(4, '0')}.yaml`), text);
    bytes += Buffer.byteLength(text);
  }
  return { files: count, bytes };
}

/** Writes one document nested `depth` levels deep (flow sequences), which no object does. */
export function writeDeepFolder(dir: string, depth: number): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'deep.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
}
