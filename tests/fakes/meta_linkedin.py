#!/usr/bin/env python3
"""A stateful fake of the Meta Graph API (Facebook Pages, Instagram content
publishing) and the LinkedIn REST Posts API, for Lykta's syndication tests.

No third-party server exists for these platforms (see
../shared/SYNDICATION-PEERS.md §3), so this one is written from the
platforms' published references, and follows them in request shapes,
versions, answers and error envelopes:

Meta (Graph API **v24.0**, the path prefix `/v24.0`; other versions answer
error 2635 "deprecated version"):
  - Facebook Login, "Manually Build a Login Flow": the dialog
    `/v24.0/dialog/oauth`, the code exchange `GET /v24.0/oauth/access_token`
    (client_id, redirect_uri, client_secret, code), and "Long-Lived Access
    Tokens": `grant_type=fb_exchange_token` answering `expires_in` (60 days).
  - Pages API: `GET /me/accounts` (page access tokens, paging cursors,
    `instagram_business_account`), `POST /{page-id}/feed` (message, link),
    `POST /{page-id}/photos` (url or source, message/caption,
    alt_text_custom), `GET /{page-id}/feed`, `POST /{post-id}` (message),
    `DELETE /{post-id}`, `GET /{object-id}/comments` (cursor paging:
    `paging.cursors.after`, `paging.next`), `POST /{comment-id}` is_hidden
    (the page's token only, Comment reference "Updating"), and
    `POST /{comment-id}/comments` (message: the page answers in the
    comment's thread, Comment reference "Comments" edge "Creating"; a
    comment's own comments read with `GET /{comment-id}/comments`).
  - Instagram Graph API, "Content Publishing": `POST /{ig-user-id}/media`
    (image_url, caption, alt_text) → container id, `GET /{container-id}`
    (status_code FINISHED/ERROR/IN_PROGRESS), `POST /{ig-user-id}/media_publish`
    (creation_id), `GET /{ig-user-id}/media`, `GET /{ig-media-id}/comments`.
  - "Graph API Error Handling": `{"error":{"message","type","code",
    "error_subcode","fbtrace_id"}}`; 190 (invalid/expired token, subcode 463
    expired), 100 (invalid parameter), 4/17/32 (rate limits), 368
    (temporarily blocked), 200 (permission).

LinkedIn (Marketing API, "Posts API", "Images API", "Comments API",
"Organization Access Control", "LinkedIn API Versioning", "3-legged OAuth";
every `/rest` call needs `LinkedIn-Version: YYYYMM` and
`X-Restli-Protocol-Version: 2.0.0`):
  - `GET /oauth/v2/authorization`, `POST /oauth/v2/accessToken`
    (`expires_in` 5184000 s = 60 days).
  - `GET /rest/organizationAcls?q=roleAssignee`, `GET /rest/organizations/{id}`.
  - `POST /rest/posts` (author `urn:li:organization:…`, commentary,
    visibility, distribution, content.article {source, title, description,
    thumbnail, thumbnailAltText}, lifecycleState) → 201, the id in
    `x-restli-id`; `GET /rest/posts?q=author&author=…`; partial update
    (`X-RestLi-Method: PARTIAL_UPDATE`, `{"patch":{"$set":{…}}}`) → 204;
    `DELETE /rest/posts/{urn}` → 204.
  - `POST /rest/images?action=initializeUpload` → uploadUrl + image urn;
    `PUT` the bytes to the uploadUrl.
  - `GET /rest/socialActions/{urn}/comments` (start/count paging).
  - A version older than the oldest active one answers **426**
    `{"status":426,"code":"NONEXISTENT_VERSION","message":…}`; a missing one
    400 `VERSION_MISSING`; errors `{"status","serviceErrorCode","code","message"}`.

Test control (not part of any platform), under `/_fake/`:
  POST /_fake/faults  {"method":"POST","path":"/v24.0/1001/feed","effect":{…},"count":1}
      effects: {"type":"status","status":500} | {"type":"ratelimit","retry_after":120}
               | {"type":"expired_token"} | {"type":"timeout","seconds":30}
      (path is a prefix of the request path; the fault answers instead of the platform)
      or, after the platform has done what was asked (the post is stored):
               {"type":"slow_answer","seconds":30}  the answer comes that much later
               | {"type":"drop_answer"}             the connection closes with no answer
      (a client that gives up, or dies, in between has posted without knowing it)
  POST /_fake/settings {"linkedin_min_version":"202612"}
  POST /_fake/comment  {"on":"<post id or urn>","message":"…","from":"Name"}
  GET  /_fake/journal  every request: method, path, query, headers, body
  GET  /_fake/state    posts, photos, containers, media, images
  GET  /_fake/health

Start: python meta_linkedin.py --port N  (binds 127.0.0.1 only).
"""

import argparse
import email.parser
import email.policy
import html
import itertools
import json
import secrets
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GRAPH = "v24.0"
META_APP_ID = "940000000000001"
META_APP_SECRET = "meta-app-secret-for-tests"
LINKEDIN_CLIENT_ID = "78linkedinclient"
LINKEDIN_CLIENT_SECRET = "linkedin-secret-for-tests"
LONG_LIVED = 60 * 24 * 3600
SHORT_LIVED = 2 * 3600

lock = threading.Lock()
ids = itertools.count(100000)
journal = []
faults = []
settings = {"linkedin_min_version": "202512"}

# The person who authorises: the pages and organisations they administer.
PAGES = {
    "1001": {
        "id": "1001",
        "name": "Region Älvdal",
        "link": "https://www.facebook.com/regionalvdal",
        "category": "Government organization",
        "instagram_business_account": {"id": "17841400000000001", "username": "regionalvdal"},
    },
    "1002": {
        "id": "1002",
        "name": "Folktandvården Älvdal",
        "link": "https://www.facebook.com/folktandvardenalvdal",
        "category": "Dentist",
    },
}
IG_USERS = {"17841400000000001": "1001"}
ORGANIZATIONS = {
    "2001": {"id": 2001, "localizedName": "Region Älvdal", "vanityName": "region-alvdal"},
    "2002": {"id": 2002, "localizedName": "Älvdals sjukhus", "vanityName": "alvdals-sjukhus"},
}

codes = {}  # code -> {platform, redirect_uri}
tokens = {}  # token -> {kind, expires_at, page?}
posts = {}  # facebook post id -> {...}
containers = {}  # ig container id -> {...}
ig_media = {}  # ig media id -> {...}
li_posts = {}  # urn -> {...}
li_images = {}  # urn -> {...}
comments = {}  # object id -> [comment]


def new_id():
    return str(next(ids))


def meta_error(code, message, subcode=None, etype="OAuthException", status=400):
    err = {"message": message, "type": etype, "code": code, "fbtrace_id": "A" + secrets.token_hex(8)}
    if subcode is not None:
        err["error_subcode"] = subcode
    return status, {"error": err}, {}


def li_error(status, code, message, service=None):
    body = {"status": status, "code": code, "message": message}
    if service is not None:
        body["serviceErrorCode"] = service
    return status, body, {}


class Request:
    def __init__(self, handler, body):
        self.method = handler.command
        parsed = urllib.parse.urlsplit(handler.path)
        self.path = parsed.path
        self.query = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
        self.headers = {k.lower(): v for k, v in handler.headers.items()}
        self.raw = body
        self.form = {}
        self.json = None
        self.files = {}
        ctype = self.headers.get("content-type", "")
        if ctype.startswith("application/x-www-form-urlencoded"):
            self.form = dict(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
        elif ctype.startswith("application/json") and body:
            self.json = json.loads(body)
        elif ctype.startswith("multipart/form-data"):
            msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body
            )
            for part in msg.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if part.get_filename():
                    self.files[name] = {
                        "filename": part.get_filename(),
                        "type": part.get_content_type(),
                        "size": len(part.get_payload(decode=True) or b""),
                    }
                else:
                    self.form[name] = (part.get_payload(decode=True) or b"").decode("utf-8")

    def param(self, name, default=None):
        return self.form.get(name, self.query.get(name, default))

    def bearer(self):
        auth = self.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:]
        return self.param("access_token")

    def entry(self):
        headers = {k: v for k, v in self.headers.items() if k not in ("host", "content-length")}
        body = self.json if self.json is not None else dict(self.form)
        if self.files:
            body = dict(body, _files=self.files)
        if not body and self.raw and not self.files:
            body = {"_bytes": len(self.raw)}
        return {"method": self.method, "path": self.path, "query": self.query, "headers": headers, "body": body}


# ----------------------------------------------------------------- Meta


def issue_token(kind, lifetime, **extra):
    token = f"{kind}-" + secrets.token_urlsafe(16)
    tokens[token] = dict(kind=kind, expires_at=(time.time() + lifetime) if lifetime else None, **extra)
    return token


def meta_token(req, kinds=("user", "page")):
    """The token's record, or the error answer (190)."""
    token = req.bearer()
    t = tokens.get(token or "")
    if t is None or t["kind"] not in kinds:
        return None, meta_error(190, "Invalid OAuth access token - Cannot parse access token")
    if t["expires_at"] is not None and t["expires_at"] < time.time():
        return None, meta_error(190, "Error validating access token: Session has expired.", 463)
    return t, None


def page_of(t, page_id):
    if t["kind"] == "page" and t["page"] == page_id:
        return None
    return meta_error(200, "(#200) The user hasn't authorized the application to perform this action", etype="OAuthException", status=403)


def paged(items, req, base_path):
    limit = int(req.query.get("limit", "25"))
    after = req.query.get("after")
    start = int(after) if after else 0
    chunk = items[start : start + limit]
    body = {"data": chunk}
    if chunk:
        body["paging"] = {"cursors": {"before": str(start), "after": str(start + len(chunk))}}
        if start + len(chunk) < len(items):
            q = dict(req.query, after=str(start + len(chunk)))
            q.pop("access_token", None)
            body["paging"]["next"] = f"{base_path}?{urllib.parse.urlencode(q)}"
    return 200, body, {}


def graph(req, parts):
    m = req.method
    if parts == ["dialog", "oauth"]:
        return dialog(req, "meta")
    if parts == ["oauth", "access_token"]:
        if req.query.get("client_id") != META_APP_ID or req.query.get("client_secret") != META_APP_SECRET:
            return meta_error(1, "Error validating client secret.", etype="OAuthException")
        if req.query.get("grant_type") == "fb_exchange_token":
            t = tokens.get(req.query.get("fb_exchange_token", ""))
            if not t or t["kind"] != "user":
                return meta_error(190, "Invalid OAuth access token - Cannot parse access token")
            token = issue_token("user", LONG_LIVED)
            return 200, {"access_token": token, "token_type": "bearer", "expires_in": LONG_LIVED}, {}
        c = codes.pop(req.query.get("code", ""), None)
        if not c or c["platform"] != "meta":
            return meta_error(100, "Invalid verification code format.", 36007, etype="OAuthException")
        if c["redirect_uri"] != req.query.get("redirect_uri"):
            return meta_error(100, "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request", 36008)
        token = issue_token("user", SHORT_LIVED)
        return 200, {"access_token": token, "token_type": "bearer", "expires_in": SHORT_LIVED}, {}
    if parts == ["me", "accounts"] and m == "GET":
        t, err = meta_token(req, ("user",))
        if err:
            return err
        data = []
        for p in PAGES.values():
            page = dict(p, access_token=issue_token("page", None, page=p["id"]), tasks=["MANAGE", "CREATE_CONTENT", "MODERATE"])
            data.append(page)
        return paged(data, req, f"/{GRAPH}/me/accounts")
    if parts == ["me"] and m == "GET":
        t, err = meta_token(req)
        if err:
            return err
        if t["kind"] == "page":
            return 200, {"id": t["page"], "name": PAGES[t["page"]]["name"]}, {}
        return 200, {"id": "5550001", "name": "Anna Andersson"}, {}
    if len(parts) == 2 and parts[0] in PAGES and parts[1] == "feed":
        t, err = meta_token(req)
        if err:
            return err
        err = page_of(t, parts[0])
        if err:
            return err
        if m == "GET":
            feed = [
                {"id": pid, "message": p["message"], "link": p.get("link"), "created_time": p["created_time"]}
                for pid, p in sorted(posts.items(), key=lambda kv: -kv[1]["n"])
                if p["page"] == parts[0] and not p.get("deleted")
            ]
            return paged(feed, req, f"/{GRAPH}/{parts[0]}/feed")
        message, link = req.param("message", ""), req.param("link")
        if not message and not link:
            return meta_error(100, "(#100) Missing message or attachment", etype="OAuthException")
        pid = f"{parts[0]}_{new_id()}"
        posts[pid] = {"page": parts[0], "message": message, "link": link, "n": next(ids), "created_time": now_iso()}
        return 200, {"id": pid}, {}
    if len(parts) == 2 and parts[0] in PAGES and parts[1] == "photos" and m == "POST":
        t, err = meta_token(req)
        if err:
            return err
        err = page_of(t, parts[0])
        if err:
            return err
        if not req.param("url") and "source" not in req.files:
            return meta_error(324, "(#324) Requires upload file", etype="OAuthException")
        photo = new_id()
        pid = f"{parts[0]}_{new_id()}"
        posts[pid] = {
            "page": parts[0],
            "message": req.param("message") or req.param("caption", ""),
            "photo": photo,
            "alt_text_custom": req.param("alt_text_custom"),
            "n": next(ids),
            "created_time": now_iso(),
        }
        return 200, {"id": photo, "post_id": pid}, {}
    if len(parts) == 2 and parts[0] in IG_USERS:
        return instagram(req, parts[0], parts[1])
    if len(parts) == 2 and parts[1] == "comments" and m == "POST":
        return answer_comment(req, parts[0])
    if len(parts) == 2 and parts[1] == "comments" and m == "GET":
        t, err = meta_token(req)
        if err:
            return err
        items = comments.get(parts[0])
        if items is None and parts[0] not in posts and parts[0] not in ig_media and not find_comment(parts[0]):
            return unknown_object(parts[0])
        return paged(list(items or []), req, f"/{GRAPH}/{parts[0]}/comments")
    if len(parts) == 1:
        return graph_object(req, parts[0])
    return meta_error(100, f"Unknown path components: /{'/'.join(parts)}", 2500)


def find_comment(oid):
    """The Facebook comment `oid` and the page whose post it is under."""
    for on, items in comments.items():
        for c in items:
            if c["id"] == oid and "from" in c:
                return c, on.split("_")[0]
    return None


def answer_comment(req, oid):
    """The page answers comment `oid` (Graph API, Comment "comments" edge)."""
    t, err = meta_token(req)
    if err:
        return err
    found = find_comment(oid)
    if not found:
        return unknown_object(oid)
    _, page = found
    err = page_of(t, page)
    if err:
        return err
    message = req.param("message", "")
    if not message:
        return meta_error(100, "(#100) Missing message or attachment", etype="OAuthException")
    cid = new_id()
    c = {
        "id": f"{oid.split('_')[-1]}_{cid}",
        "message": message,
        "from": {"id": page, "name": PAGES[page]["name"]},
        "created_time": now_iso(),
        "permalink_url": f"https://www.facebook.com/{oid}?reply_comment_id={cid}",
        "is_hidden": False,
    }
    comments.setdefault(oid, []).append(c)
    return 200, {"id": c["id"]}, {}


def unknown_object(oid):
    return meta_error(
        100,
        f"Unsupported request. Object with ID '{oid}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
        33,
        etype="GraphMethodException",
    )


def graph_object(req, oid):
    t, err = meta_token(req)
    if err:
        return err
    m = req.method
    if oid in posts and not posts[oid].get("deleted"):
        p = posts[oid]
        if t["kind"] != "page" or t["page"] != p["page"]:
            return page_of(t, p["page"])
        if m == "GET":
            return 200, {"id": oid, "message": p["message"], "permalink_url": f"https://www.facebook.com/{oid}"}, {}
        if m == "POST":
            if "message" not in req.form and "message" not in req.query:
                return meta_error(100, "(#100) No fields to update", etype="OAuthException")
            p["message"] = req.param("message")
            p["edited"] = True
            return 200, {"success": True}, {}
        if m == "DELETE":
            p["deleted"] = True
            return 200, {"success": True}, {}
    found = find_comment(oid)
    if found and m == "POST" and "is_hidden" in req.form:
        c, page = found
        err = page_of(t, page)
        if err:
            return err
        c["is_hidden"] = req.form["is_hidden"] == "true"
        return 200, {"success": True}, {}
    if oid in IG_USERS and m == "GET":
        if t["kind"] != "page" or t["page"] != IG_USERS[oid]:
            return page_of(t, IG_USERS[oid])
        return 200, {"id": oid, "username": PAGES[IG_USERS[oid]]["instagram_business_account"]["username"]}, {}
    if oid in containers and m == "GET":
        c = containers[oid]
        return 200, {"id": oid, "status_code": c["status_code"], "status": c["status"]}, {}
    if oid in ig_media and m == "GET":
        return 200, {"id": oid, "permalink": ig_media[oid]["permalink"], "caption": ig_media[oid]["caption"]}, {}
    if oid in ig_media and m == "DELETE":
        # The Instagram Graph API cannot delete published media.
        return meta_error(100, "(#100) Unsupported delete request.", etype="GraphMethodException")
    return unknown_object(oid)


def instagram(req, ig_user, edge):
    t, err = meta_token(req)
    if err:
        return err
    err = page_of(t, IG_USERS[ig_user])
    if err:
        return err
    m = req.method
    if edge == "media" and m == "POST":
        image_url = req.param("image_url")
        if not image_url:
            return meta_error(100, "The parameter image_url is required.", 2207001, etype="OAuthException")
        cid = new_id()
        status = ("FINISHED", "Finished")
        try:
            with urllib.request.urlopen(image_url, timeout=5) as r:
                if not r.headers.get("content-type", "").startswith("image/"):
                    status = ("ERROR", "Error: The media is not an image")
                size = len(r.read())
        except Exception as e:  # the platform could not fetch it
            status, size = ("ERROR", f"Error: Media download has failed. ({e.__class__.__name__})"), 0
        containers[cid] = {
            "ig_user": ig_user,
            "image_url": image_url,
            "image_size": size,
            "caption": req.param("caption", ""),
            "alt_text": req.param("alt_text"),
            "status_code": status[0],
            "status": status[1],
        }
        return 200, {"id": cid}, {}
    if edge == "media" and m == "GET":
        items = [
            {"id": mid, "caption": x["caption"], "permalink": x["permalink"]}
            for mid, x in sorted(ig_media.items(), key=lambda kv: -kv[1]["n"])
            if x["ig_user"] == ig_user
        ]
        return paged(items, req, f"/{GRAPH}/{ig_user}/media")
    if edge == "media_publish" and m == "POST":
        c = containers.get(req.param("creation_id", ""))
        if c is None:
            return meta_error(100, "The parameter creation_id is required.", 2207008)
        if c["status_code"] != "FINISHED":
            return meta_error(9007, "The media is not ready for publishing, please wait for a moment", 2207027)
        if c.get("published"):
            return 200, {"id": c["published"]}, {}
        mid = new_id()
        c["published"] = mid
        ig_media[mid] = dict(c, n=next(ids), permalink=f"https://www.instagram.com/p/{mid}/")
        return 200, {"id": mid}, {}
    return meta_error(100, f"Unknown path components: /{edge}", 2500)


# ----------------------------------------------------------------- LinkedIn


def dialog(req, platform):
    """The consent screen: GET shows it, POST (the person approves) sends
    them back with a code."""
    q = dict(req.query, **req.form)
    client = META_APP_ID if platform == "meta" else LINKEDIN_CLIENT_ID
    if q.get("client_id") != client or not q.get("redirect_uri"):
        if platform == "meta":
            return meta_error(101, "Error validating application. Invalid application ID.")
        return li_error(400, "invalid_request", "Invalid client id or redirect uri")
    if req.method == "GET":
        fields = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in q.items()
        )
        body = f'<!doctype html><title>Authorise</title><form method="post">{fields}<button>Continue as Anna</button></form>'
        return 200, body, {"content-type": "text/html; charset=utf-8"}
    code = secrets.token_urlsafe(12)
    codes[code] = {"platform": platform, "redirect_uri": q["redirect_uri"], "scope": q.get("scope", "")}
    sep = "&" if "?" in q["redirect_uri"] else "?"
    location = q["redirect_uri"] + sep + urllib.parse.urlencode({"code": code, "state": q.get("state", "")})
    return 302, "", {"location": location}


def linkedin_oauth(req, parts):
    if parts == ["authorization"]:
        return dialog(req, "linkedin")
    if parts == ["accessToken"] and req.method == "POST":
        f = req.form
        if f.get("client_id") != LINKEDIN_CLIENT_ID or f.get("client_secret") != LINKEDIN_CLIENT_SECRET:
            return 401, {"error": "invalid_client", "error_description": "Client authentication failed"}, {}
        c = codes.pop(f.get("code", ""), None)
        if f.get("grant_type") != "authorization_code" or not c or c["platform"] != "linkedin":
            return 400, {"error": "invalid_request", "error_description": "Unable to retrieve access token: authorization code not found"}, {}
        if c["redirect_uri"] != f.get("redirect_uri"):
            return 400, {"error": "invalid_redirect_uri", "error_description": "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code"}, {}
        token = issue_token("li", LONG_LIVED)
        return 200, {"access_token": token, "expires_in": LONG_LIVED, "scope": c["scope"]}, {}
    return li_error(404, "NOT_FOUND", "No such endpoint")


def linkedin_rest(req, parts):
    version = req.headers.get("linkedin-version")
    if not version:
        return li_error(400, "VERSION_MISSING", "A version must be present. Please specify a version by adding the LinkedIn-Version header.")
    if len(version) != 6 or not version.isdigit() or version < settings["linkedin_min_version"]:
        return li_error(426, "NONEXISTENT_VERSION", f"Requested version {version} is not active")
    if req.headers.get("x-restli-protocol-version") != "2.0.0":
        return li_error(400, "ILLEGAL_ARGUMENT", "Rest.li protocol version 2.0.0 is required")
    token = req.bearer()
    t = tokens.get(token or "")
    if t is None or t["kind"] != "li":
        return li_error(401, "INVALID_ACCESS_TOKEN", "Invalid access token", 65600)
    if t["expires_at"] < time.time():
        return li_error(401, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired", 65601)
    m = req.method
    method = req.headers.get("x-restli-method", "").upper()
    if parts == ["organizationAcls"] and m == "GET":
        els = [
            {"organization": f"urn:li:organization:{o}", "role": "ADMINISTRATOR", "state": "APPROVED", "roleAssignee": "urn:li:person:anna"}
            for o in ORGANIZATIONS
        ]
        return 200, {"elements": els, "paging": {"start": 0, "count": 10, "total": len(els)}}, {}
    if len(parts) == 2 and parts[0] == "organizations" and m == "GET":
        o = ORGANIZATIONS.get(parts[1])
        return (200, o, {}) if o else li_error(404, "NOT_FOUND", "Organization not found")
    if parts == ["images"] and m == "POST" and req.query.get("action") == "initializeUpload":
        owner = ((req.json or {}).get("initializeUploadRequest") or {}).get("owner", "")
        if not owner.startswith("urn:li:organization:"):
            return li_error(422, "UNPROCESSABLE_ENTITY", "owner is required")
        iid = new_id()
        urn = f"urn:li:image:D4E{iid}"
        li_images[urn] = {"owner": owner, "status": "WAITING_UPLOAD"}
        host = req.headers.get("host", "127.0.0.1")
        return 200, {"value": {"uploadUrlExpiresAt": int(time.time() * 1000) + 3600000, "uploadUrl": f"http://{host}/_upload/{iid}", "image": urn}}, {}
    if parts == ["posts"] and m == "POST":
        body = req.json or {}
        author = body.get("author", "")
        if not author.startswith("urn:li:organization:") or author.rsplit(":", 1)[-1] not in ORGANIZATIONS:
            return li_error(403, "ACCESS_DENIED", "Not enough permissions to do that", 100)
        missing = [k for k in ("commentary", "visibility", "distribution", "lifecycleState") if k not in body]
        if missing:
            return li_error(422, "UNPROCESSABLE_ENTITY", f"/{missing[0]} :: field is required but not found and has no default value")
        if len(body["commentary"]) > 3000:
            return li_error(422, "UNPROCESSABLE_ENTITY", "/commentary :: length of 3001 exceeds 3000")
        thumb = ((body.get("content") or {}).get("article") or {}).get("thumbnail")
        if thumb and li_images.get(thumb, {}).get("status") != "AVAILABLE":
            return li_error(422, "UNPROCESSABLE_ENTITY", f"/content/article/thumbnail :: {thumb} is not available")
        urn = f"urn:li:share:{new_id()}"
        li_posts[urn] = dict(body, id=urn, n=next(ids))
        return 201, "", {"x-restli-id": urn}
    if parts == ["posts"] and m == "GET" and req.query.get("q") == "author":
        author = req.query.get("author")
        els = [
            {k: v for k, v in p.items() if k != "n"}
            for p in sorted(li_posts.values(), key=lambda p: -p["n"])
            if p["author"] == author and not p.get("deleted")
        ]
        count = int(req.query.get("count", "10"))
        return 200, {"elements": els[:count], "paging": {"start": 0, "count": count}}, {}
    if len(parts) == 2 and parts[0] == "posts":
        urn = urllib.parse.unquote(parts[1])
        p = li_posts.get(urn)
        if m == "DELETE" or method == "DELETE":
            if p:
                p["deleted"] = True
            return 204, "", {}
        if p is None or p.get("deleted"):
            return li_error(404, "NOT_FOUND", f"Post {urn} not found")
        if m == "POST" and method == "PARTIAL_UPDATE":
            patch = ((req.json or {}).get("patch") or {}).get("$set") or {}
            unknown = set(patch) - {"commentary", "contentCallToActionLabel", "contentLandingPage", "lifecycleState", "adContext"}
            if unknown:
                return li_error(422, "UNPROCESSABLE_ENTITY", f"cannot update {sorted(unknown)}")
            p.update(patch)
            p["edited"] = True
            return 204, "", {}
        if m == "GET":
            return 200, {k: v for k, v in p.items() if k != "n"}, {}
    if len(parts) == 3 and parts[0] == "socialActions" and parts[2] == "comments" and m == "GET":
        urn = urllib.parse.unquote(parts[1])
        items = comments.get(urn, [])
        start, count = int(req.query.get("start", "0")), int(req.query.get("count", "10"))
        return 200, {"elements": items[start : start + count], "paging": {"start": start, "count": count, "total": len(items)}}, {}
    return li_error(404, "NOT_FOUND", f"No such resource: /rest/{'/'.join(parts)}")


# ----------------------------------------------------------------- control


def add_comment(spec):
    on = spec["on"]
    text = spec.get("message", "")
    who = spec.get("from", "Eva Ek")
    cid = new_id()
    if on.startswith("urn:li:"):
        c = {
            "id": cid,
            "$URN": f"urn:li:comment:({on},{cid})",
            "actor": f"urn:li:person:{who.lower().replace(' ', '-')}",
            "object": on,
            "message": {"text": text},
            "created": {"time": int(time.time() * 1000), "actor": "urn:li:person:x"},
        }
    elif on in ig_media:
        c = {"id": cid, "text": text, "username": who.lower().replace(" ", ""), "timestamp": now_iso()}
    else:
        c = {
            "id": f"{on.split('_')[-1]}_{cid}",
            "message": text,
            "from": {"id": "7770" + cid, "name": who},
            "created_time": now_iso(),
            "permalink_url": f"https://www.facebook.com/{on}?comment_id={cid}",
            "is_hidden": False,
        }
    comments.setdefault(on, []).append(c)
    return c


def now_iso():
    return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime())


def fault_for(req):
    for f in faults:
        if f["count"] > 0 and f.get("method", req.method) == req.method and req.path.startswith(f["path"]):
            f["count"] -= 1
            return f["effect"]
    return None


def apply_fault(req, effect):
    kind = effect.get("type")
    linkedin = req.path.startswith("/rest/")
    if kind == "timeout":
        time.sleep(float(effect.get("seconds", 30)))
        return 504, {"error": "timeout"}, {}
    if kind == "status":
        status = int(effect.get("status", 500))
        if linkedin:
            return li_error(status, "INTERNAL_SERVER_ERROR", "Internal Server Error")
        return meta_error(2, "An unexpected error has occurred. Please retry your request later.", etype="OAuthException", status=status)
    if kind == "ratelimit":
        headers = {"retry-after": str(effect.get("retry_after", 120))}
        if linkedin:
            s, b, _ = li_error(429, "TOO_MANY_REQUESTS", "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.")
            return s, b, headers
        s, b, _ = meta_error(int(effect.get("code", 4)), "(#4) Application request limit reached", etype="OAuthException", status=429)
        return s, b, headers
    if kind == "expired_token":
        if linkedin:
            return li_error(401, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired", 65601)
        return meta_error(190, "Error validating access token: Session has expired on Monday, 07-Dec-26 12:00:00 PST.", 463)
    if kind == "meta_error":
        return meta_error(int(effect["code"]), effect.get("message", "error"), effect.get("subcode"), status=int(effect.get("status", 400)))
    return 500, {"error": f"unknown fault {kind}"}, {}


def control(req, parts):
    if parts == ["health"]:
        return 200, {"ok": True}, {}
    if parts == ["journal"]:
        return 200, journal, {}
    if parts == ["state"]:
        strip = lambda d: {k: {kk: vv for kk, vv in v.items() if kk != "n"} for k, v in d.items()}  # noqa: E731
        return 200, {"posts": strip(posts), "containers": containers, "media": strip(ig_media), "linkedin_posts": strip(li_posts), "images": li_images, "comments": comments}, {}
    body = req.json or {}
    if parts == ["faults"]:
        faults.append({"method": body.get("method"), "path": body["path"], "effect": body["effect"], "count": int(body.get("count", 1))})
        if faults[-1]["method"] is None:
            del faults[-1]["method"]
        return 200, {"ok": True}, {}
    if parts == ["settings"]:
        settings.update(body)
        return 200, settings, {}
    if parts == ["comment"]:
        return 200, add_comment(body), {}
    return 404, {"error": "no such control"}, {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        req = Request(self, body)
        parts = [p for p in req.path.split("/") if p]
        if parts[:1] == ["_fake"]:
            with lock:
                status, out, headers = control(req, parts[1:])
            return self.answer(status, out, headers)
        with lock:
            journal.append(req.entry())
            effect = fault_for(req)
        after = None
        if effect is not None and effect.get("type") in ("slow_answer", "drop_answer"):
            after, effect = effect, None
        if effect is not None:
            status, out, headers = apply_fault(req, effect)
            return self.answer(status, out, headers)
        with lock:
            if parts[:1] == ["_upload"] and req.method in ("PUT", "POST"):
                urn = f"urn:li:image:D4E{parts[1]}"
                if urn not in li_images:
                    status, out, headers = li_error(404, "NOT_FOUND", "No such upload")
                else:
                    li_images[urn].update(status="AVAILABLE", size=len(body), type=req.headers.get("content-type"))
                    status, out, headers = 201, "", {}
            elif parts[:1] == [GRAPH]:
                status, out, headers = graph(req, parts[1:])
            elif parts and parts[0].startswith("v") and parts[0][1:].replace(".", "").isdigit():
                status, out, headers = meta_error(2635, f"(#2635) You are calling a deprecated version of the Graph API. Please update to {GRAPH}.", etype="OAuthException")
            elif parts[:2] == ["oauth", "v2"]:
                status, out, headers = linkedin_oauth(req, parts[2:])
            elif parts[:1] == ["rest"]:
                status, out, headers = linkedin_rest(req, parts[1:])
            else:
                status, out, headers = 404, {"error": "not found"}, {}
        if status == 200 and isinstance(out, dict) and parts[:1] == [GRAPH]:
            # Graph answers carry the usage headers.
            headers = dict(headers, **{"x-app-usage": json.dumps({"call_count": 1, "total_time": 1, "total_cputime": 1})})
        if after is not None:
            if after["type"] == "drop_answer":
                self.close_connection = True
                return None
            time.sleep(float(after.get("seconds", 30)))
        try:
            return self.answer(status, out, headers)
        except (BrokenPipeError, ConnectionResetError):
            # The client went away while the answer was held back.
            self.close_connection = True
            return None

    def answer(self, status, out, headers):
        if isinstance(out, (dict, list)):
            data = json.dumps(out).encode()
            headers = dict({"content-type": "application/json; charset=UTF-8"}, **headers)
        else:
            data = out.encode()
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print(f"fake listening on http://127.0.0.1:{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
