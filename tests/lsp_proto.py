"""A small LSP client over pipes for the tests: frames messages, reads the server's frames on a
thread (so every wait has a timeout), and keeps the notifications it receives."""
import json
import os
import queue
import subprocess
import threading
import time
import urllib.parse

import sgtest


def uri(path):
    return 'file://' + urllib.parse.quote(os.path.abspath(path))


def frame(obj):
    body = json.dumps(obj).encode('utf-8')
    return b'Content-Length: %d\r\n\r\n' % len(body) + body


class Server:
    def __init__(self, cwd=None, args=()):
        self.stderr_path = os.path.join(cwd or '.', '.lsp-stderr.txt') if cwd else None
        self.err = open(self.stderr_path, 'wb') if self.stderr_path else subprocess.DEVNULL
        self.p = subprocess.Popen([sgtest.binary(), 'lsp'] + list(args), cwd=cwd,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err)
        self.q = queue.Queue()
        self.notes = []
        self.next_id = 1
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        out = self.p.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.q.put(None)
                    return
                line = line.rstrip(b'\r\n')
                if not line:
                    break
                k, _, v = line.partition(b':')
                headers[k.strip().lower()] = v.strip()
            n = int(headers[b'content-length'])
            body = out.read(n)
            self.q.put(json.loads(body))

    def stderr_text(self):
        if not self.stderr_path:
            return ''
        self.err.flush()
        with open(self.stderr_path, 'rb') as f:
            return f.read().decode('utf-8', 'replace')

    def send_raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, obj):
        self.send_raw(frame(obj))

    def notify(self, method, params=None):
        m = {'jsonrpc': '2.0', 'method': method}
        if params is not None:
            m['params'] = params
        self.send(m)

    def next(self, timeout=10):
        """The next message from the server (None at its end of output)."""
        try:
            m = self.q.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError('no message from the server within %ss' % timeout)
        if m is not None and 'id' not in m:
            self.notes.append(m)
        return m

    def response(self, rid, timeout=10):
        deadline = time.time() + timeout
        while True:
            m = self.next(max(0.1, deadline - time.time()))
            if m is None:
                raise AssertionError('server ended before answering request %r' % rid)
            if m.get('id') == rid and ('result' in m or 'error' in m):
                return m

    def request(self, method, params=None, timeout=10):
        rid = self.next_id
        self.next_id += 1
        m = {'jsonrpc': '2.0', 'id': rid, 'method': method}
        if params is not None:
            m['params'] = params
        self.send(m)
        return self.response(rid, timeout)

    def diagnostics(self, doc_uri, timeout=10, version=None):
        """Waits for the next publishDiagnostics for doc_uri (of that version, if given) and
        returns its params."""
        deadline = time.time() + timeout
        while True:
            m = self.next(max(0.1, deadline - time.time()))
            if m is None:
                raise AssertionError('server ended before publishing diagnostics')
            if m.get('method') == 'textDocument/publishDiagnostics' and \
                    m['params']['uri'] == doc_uri and \
                    (version is None or m['params'].get('version') == version):
                return m['params']

    def initialize(self, root, encodings=None):
        caps = {}
        if encodings:
            caps['general'] = {'positionEncodings': encodings}
        r = self.request('initialize', {'processId': os.getpid(), 'rootUri': uri(root),
                                        'capabilities': caps})
        self.notify('initialized', {})
        return r

    def open(self, path, text, version=1, language='sql'):
        u = uri(path)
        self.notify('textDocument/didOpen', {'textDocument': {
            'uri': u, 'languageId': language, 'version': version, 'text': text}})
        return u

    def close_stdin(self):
        self.p.stdin.close()

    def wait(self, timeout=10):
        try:
            return self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            raise AssertionError('server did not exit within %ss' % timeout)
