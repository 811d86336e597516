"""Signs in the demo accounts the run needs and makes an integration for signed webhooks;
prints shell assignments (for `eval`). usage: prepare.py BASE_URL DATABASE_FILE"""
import json
import sqlite3
import sys
import urllib.parse
import urllib.request

BASE, DATABASE = sys.argv[1], sys.argv[2]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def post(path, form, cookie=None):
    headers = {"Origin": BASE, "Accept": "application/json"}
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(BASE + path, urllib.parse.urlencode(form).encode(), headers)
    try:
        return OPENER.open(request)
    except urllib.error.HTTPError as answer:  # the sign-in's redirect
        return answer


def cookie_of(email):
    answer = post("/auth/login", {"email": email, "password": "demo-password"})
    for value in answer.headers.get_all("set-cookie") or []:
        if value.startswith("vtv_session="):
            return value.split(";")[0]
    raise SystemExit(f"{email} could not sign in")


admin = cookie_of("admin@demo.example")
made = post(
    "/api/admin/integrations/create",
    {"form[name]": "Schemathesis", "form[centre]": "", "form[products][0]": "axi-cel",
     "form[products][1]": "tisa-cel", "form[products][2]": "liso-cel"},
    admin,
)
secret = json.load(made)["secret"]
patient_id = sqlite3.connect(DATABASE).execute(
    "SELECT id FROM users WHERE email = 'patient.infused@demo.example'").fetchone()[0]
print(f"PATIENT='{cookie_of('patient.infused@demo.example')}'")
print(f"RESEARCHER='{cookie_of('researcher@demo.example')}'")
print(f"export VTV_WEBHOOK_SECRET='{secret}' VTV_PATIENT_ID={patient_id}")
