"""The gunicorn worker `comparer serve` runs: gunicorn's own, answering its own errors in JSON.

gunicorn refuses some requests before the app sees them (a request line over 4094 bytes: 414; too
many or too large headers: 431; a malformed request: 400) and answers them with an HTML page. At
that point the request line may not even have been read, so its path cannot say whether it was
for /api/: these answers are JSON everywhere, `{"error": …, "status": …}` as the app's own errors
are under /api/ (a browser shows that readably too).
"""

from __future__ import annotations

import json

from gunicorn import util
from gunicorn.workers.sync import SyncWorker


def write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    body = json.dumps({"error": mesg or reason, "status": status_int}).encode("utf-8")
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
    util.write_nonblock(sock, head.encode("latin-1") + body)


class JsonErrorWorker(SyncWorker):
    def init_process(self) -> None:
        # gunicorn's workers call util.write_error for the requests they refuse; this process is ours.
        util.write_error = write_json_error
        super().init_process()
