//! API tokens end at once on the real `issuer serve` (issue 17): the
//! server keeps tokens it has verified in memory, and a revoked token, a
//! logged-out one, and the token of a deactivated caseworker are refused on
//! the very next request, without a restart.

use e2e::{Server, cookie_from, run_ok, s};

const JSON: (&str, &str) = ("Content-Type", "application/json");
const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");
const PW: &str = "correct horse battery";

/// The value of the first `<input name="NAME" value="…">` after `from` in `html`.
fn field(html: &str, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let i = html.find(&key).unwrap_or_else(|| panic!("no {name} field in:\n{html}")) + key.len();
    html[i..].split('"').next().unwrap().to_string()
}

/// A caseworker `kari` and an administrator `anne`, and the server.
fn server(tmp: &std::path::Path) -> Server {
    let data = tmp.join("issuer");
    run_ok("issuer", &["init", "--data", s(&data)], 0);
    run_ok("issuer", &["agency", "add", "--data", s(&data), "Helsestasjonen"], 0);
    let pw = tmp.join("pw");
    std::fs::write(&pw, format!("{PW}\n")).unwrap();
    let kari = ["user", "add", "--data", s(&data), "--role", "caseworker", "--agency", "Helsestasjonen"];
    run_ok("issuer", &[&kari[..], &["--password-file", s(&pw), "kari"]].concat(), 0);
    run_ok("issuer", &["user", "add", "--data", s(&data), "--role", "admin", "--password-file", s(&pw), "anne"], 0);
    Server::start(&data)
}

/// A browser login: the session cookie.
fn log_in(server: &Server, user: &str) -> String {
    let (status, head, body) = server.request("GET", "/login", &[], b"");
    assert_eq!(status, 200, "{head}");
    let pre = cookie_from(&head, "__Host-csrf");
    let form = format!("csrf={}&username={user}&password={}", field(&String::from_utf8_lossy(&body), "csrf"), PW)
        .replace(' ', "+");
    let (status, head, _) = server.request("POST", "/login", &[("Cookie", &pre), FORM], form.as_bytes());
    assert_eq!(status, 303, "{head}");
    cookie_from(&head, "__Host-session")
}

/// `POST /api/v1/login` as kari: the token.
fn api_login(server: &Server) -> String {
    let login = format!(r#"{{"username": "kari", "password": "{PW}"}}"#);
    let (status, _, body) = server.request("POST", "/api/v1/login", &[JSON], login.as_bytes());
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
    answer["token"].as_str().unwrap().to_string()
}

/// `POST /api/v1/cards` for one card with `token`: the status.
fn issue(server: &Server, token: &str) -> u16 {
    let auth = format!("Bearer {token}");
    server.request("POST", "/api/v1/cards", &[JSON, ("Authorization", &auth)], br#"{"card_type": 1}"#).0
}

#[test]
fn a_revoked_or_logged_out_token_and_a_deactivated_caseworkers_token_are_refused_on_the_next_request() {
    let tmp = tempfile::tempdir().unwrap();
    let server = server(tmp.path());
    let kari = log_in(&server, "kari");

    // Two named tokens, each used (so each is known to the server).
    let (_, _, page) = server.request("GET", "/account/api-tokens", &[("Cookie", &kari)], b"");
    let csrf = field(&String::from_utf8_lossy(&page), "csrf");
    let mut named = Vec::new();
    for name in ["Fagsystem", "Test"] {
        let form = format!("csrf={csrf}&name={name}&days=30");
        let (status, head, body) =
            server.request("POST", "/account/api-tokens", &[("Cookie", &kari), FORM], form.as_bytes());
        assert_eq!(status, 200, "{head}");
        let html = String::from_utf8_lossy(&body);
        let i = html.find("id=\"new-token\" readonly value=\"").expect("the new token") + 31;
        let token = html[i..].split('"').next().unwrap().to_string();
        for _ in 0..3 {
            assert_eq!(issue(&server, &token), 201);
        }
        named.push(token);
    }

    // "Test" revoked: refused at once; "Fagsystem" goes on.
    let (_, _, page) = server.request("GET", "/account/api-tokens", &[("Cookie", &kari)], b"");
    let page = String::from_utf8_lossy(&page);
    let row = page.split("<tr>").find(|r| r.contains("<td>Test</td>")).expect("the token's row");
    let form = format!("csrf={csrf}&token={}", field(row, "token"));
    let (status, head, _) =
        server.request("POST", "/account/api-tokens/revoke", &[("Cookie", &kari), FORM], form.as_bytes());
    assert_eq!(status, 303, "{head}");
    assert_eq!(issue(&server, &named[1]), 401);
    assert_eq!(issue(&server, &named[0]), 201);

    // A login token, used, then logged out: refused at once.
    let login_token = api_login(&server);
    assert_eq!(issue(&server, &login_token), 201);
    let auth = format!("Bearer {login_token}");
    assert_eq!(server.request("POST", "/api/v1/logout", &[("Authorization", &auth)], b"").0, 204);
    assert_eq!(issue(&server, &login_token), 401);

    // Kari deactivated by an administrator: her tokens are refused at once.
    let login_token = api_login(&server);
    assert_eq!(issue(&server, &login_token), 201);
    assert_eq!(issue(&server, &named[0]), 201);
    let anne = log_in(&server, "anne");
    let (status, _, staff) = server.request("GET", "/admin/staff", &[("Cookie", &anne)], b"");
    assert_eq!(status, 200);
    let staff = String::from_utf8_lossy(&staff);
    let row = staff.split("<tr>").find(|r| r.contains("<td>kari</td>")).expect("kari's row");
    let form = format!("csrf={}&user={}", field(&staff, "csrf"), field(row, "user"));
    let (status, head, _) =
        server.request("POST", "/admin/users/deactivate", &[("Cookie", &anne), FORM], form.as_bytes());
    assert_eq!(status, 303, "{head}");
    assert_eq!(issue(&server, &named[0]), 401);
    assert_eq!(issue(&server, &login_token), 401);
    assert!(server.stop());
}
