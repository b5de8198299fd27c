// The Host header check that stops DNS rebinding: a web page on evil.example whose name
// is made to resolve to 127.0.0.1 can send requests here, but its browser still says
// `Host: evil.example:PORT`. Only loopback names are served; anything else gets 421.

/** A loopback name (localhost, [::1], 127.x.y.z), optionally with a port. The port is not
 *  compared with ours: a rebinding page reaches our port anyway, and a tunnel or port
 *  forward (ssh -L 8080:127.0.0.1:3000) legitimately names another one. */
const LOOPBACK_HOST = /^(localhost|\[::1\]|127(\.\d{1,3}){3})(:\d{1,5})?$/i;

/** True when the Host header names a loopback address. A missing header (HTTP/1.0
 *  clients) passes: browsers always send one. */
export function isLoopbackHost(host: string | undefined): boolean {
  return host === undefined || LOOPBACK_HOST.test(host.trim());
}
