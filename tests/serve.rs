//! `sasshi serve` without a browser (issue #29): it answers only from its
//! fixed table of names — `/../../etc/passwd` and its encoded variants get
//! 404 — listens on 127.0.0.1 only, takes the next port when its first is
//! taken, serves the very PDFs it wrote, and stops cleanly on Ctrl-C (SIGINT).
//! The page itself is tested in a real browser by `tests/serve_browser.py`
//! (run by `.ci/run`).

mod common;
use common::root;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `sasshi serve` and the port it printed.
struct Serve {
    child: Child,
    port: u16,
    lines: mpsc::Receiver<String>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `sasshi serve` on the 2006 edition, its outputs in `out`, from `--port first`.
fn start(out: &std::path::Path, first: u16) -> Serve {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sasshi"))
        .current_dir(root())
        .args(["--lang", "en", "--out"])
        .arg(out)
        .args(["serve", "entries/2006-07", "--port", &first.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("sasshi serve starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    while let Ok(line) = lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        if let Some(at) = line.find("http://127.0.0.1:") {
            let port = line[at + 17..].split('/').next().unwrap().parse().unwrap();
            return Serve { child, port, lines };
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("sasshi serve printed no address");
}

/// The raw answer to one request, its path sent exactly as given (no client
/// normalises `..` or decodes `%2e` on the way). HTTP/1.0, so that the body
/// comes whole, not in chunks.
fn request(port: u16, method: &str, path: &str, host: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(s, "{method} {path} HTTP/1.0\r\nHost: {host}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).unwrap();
    let head_end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP answer to {method} {path}: {answer:?}"));
    let head = String::from_utf8_lossy(&answer[..head_end]).into_owned();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status");
    (status, answer[head_end + 4..].to_vec())
}

/// The raw bytes answered to one request line (nothing when the server closes).
fn raw(port: u16, line: &[u8]) -> Vec<u8> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(line).unwrap();
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    answer
}

fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    request(port, "GET", path, &format!("127.0.0.1:{port}"))
}

/// The local addresses of the sockets listening on `port` (Linux's
/// /proc/net/tcp and tcp6, hex), or None where there is no /proc.
fn listening_addresses(port: u16) -> Option<Vec<String>> {
    let mut found = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let text = std::fs::read_to_string(table).ok()?;
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (Some(local), Some(state)) = (fields.get(1), fields.get(3)) else { continue };
            let (address, p) = local.rsplit_once(':').unwrap();
            // State 0A is LISTEN.
            if *state == "0A" && u16::from_str_radix(p, 16) == Ok(port) {
                found.push(address.to_string());
            }
        }
    }
    Some(found)
}

#[test]
fn serve_answers_only_its_table_on_loopback_and_stops_on_ctrl_c() {
    let out = std::env::temp_dir().join(format!("sasshi-serve-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    // The first port is taken: serve takes a later one.
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let first = taken.local_addr().unwrap().port();
    let mut serve = start(&out, first);
    let port = serve.port;
    assert!(port > first, "serve took port {port}, the taken one was {first}");

    // Loopback only: every socket listening on the port is bound to 127.0.0.1.
    match listening_addresses(port) {
        Some(addresses) => {
            assert!(!addresses.is_empty(), "nothing listens on {port}");
            assert!(
                addresses.iter().all(|a| a == "0100007F"),
                "port {port} listens on {addresses:?}, not 127.0.0.1 only"
            );
        }
        None => eprintln!("no /proc/net/tcp here: the listening address is not checked"),
    }

    // The first build delivered: the booklet served is the file written.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (status, body) = get(port, "/state.json");
        assert_eq!(status, 200);
        if String::from_utf8_lossy(&body).contains("\"good_generation\":1") {
            break;
        }
        assert!(Instant::now() < deadline, "no build within 120 s");
        std::thread::sleep(Duration::from_millis(200));
    }
    let (status, booklet) = get(port, "/doc/booklet.pdf?g=1");
    assert_eq!(status, 200);
    assert!(
        booklet == std::fs::read(out.join("2006-07/booklet.pdf")).unwrap(),
        "the served booklet ({} bytes) is not the one written",
        booklet.len()
    );
    for path in [
        "/",
        "/page.js",
        "/page.css",
        "/pdfjs/pdf.min.mjs",
        "/pdfjs/pdf.worker.min.mjs",
        "/pdfjs/LICENSE",
        "/font/BIZUDGothic-Regular.ttf",
    ] {
        assert_eq!(get(port, path).0, 200, "{path}");
    }

    // Nothing outside the table: traversal, encoded, double-encoded, backslashes.
    for path in [
        "/../../etc/passwd",
        "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%2f..%2fetc%2fpasswd",
        "/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
        "/..\\..\\etc\\passwd",
        "/%5c..%5c..%5cetc%5cpasswd",
        "/doc/../../etc/passwd",
        "/doc/..%2f..%2fetc%2fpasswd",
        "/doc/booklet.pdf/../../../etc/passwd",
        "/doc/%2e%2e/%2e%2e/Cargo.toml",
        "/doc/%E5%85%A5%E7%A8%BF%E7%A5%A8.txt",
        "/pdfjs/../../Cargo.toml",
        "//etc/passwd",
        "/etc/passwd",
        "/Cargo.toml",
        "/entries/2006-07/edition.toml",
        "/2006-07/booklet.pdf",
    ] {
        let (status, body) = get(port, path);
        assert_eq!(status, 404, "{path} answered {status}");
        assert!(!String::from_utf8_lossy(&body).contains("root:"), "{path} gave a file");
    }
    // A request line that is not ASCII is not parsed at all: the connection closes unanswered.
    let answer = raw(port, format!("GET /doc/入稿票.txt HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes());
    assert!(
        answer.is_empty() || answer.starts_with(b"HTTP/1.0 404") || answer.starts_with(b"HTTP/1.1 4"),
        "{answer:?}"
    );
    // Another host name pointing here (DNS rebinding) gets nothing either.
    assert_eq!(request(port, "GET", "/state.json", "attacker.example").0, 404);
    // Nor a form of another site posted here (its Origin is not this server).
    {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            s,
            "POST /replacement HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://attacker.example\r\nContent-Length: 0\r\n\r\n"
        )
        .unwrap();
        let mut answer = Vec::new();
        s.read_to_end(&mut answer).unwrap();
        assert!(answer.starts_with(b"HTTP/1.0 404"), "{}", String::from_utf8_lossy(&answer));
    }
    // Read-only: no method but GET (and the button's POST) is answered.
    assert_eq!(request(port, "PUT", "/doc/booklet.pdf", &format!("127.0.0.1:{port}")).0, 404);
    assert_eq!(request(port, "POST", "/state.json", &format!("127.0.0.1:{port}")).0, 404);

    // Ctrl-C: a clean stop (exit 0, "stopped"), the session's copy removed.
    let snapshot = std::env::temp_dir().join(format!("sasshi-serve-{}", serve.child.id()));
    assert!(snapshot.is_dir(), "the first build's copy {} is made", snapshot.display());
    // SAFETY: kill(2) with the pid of our own child process and SIGINT.
    assert_eq!(unsafe { libc::kill(serve.child.id() as libc::pid_t, libc::SIGINT) }, 0);
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = serve.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "serve stopped with {status}");
    let mut said = Vec::new();
    while let Ok(line) = serve.lines.recv_timeout(Duration::from_secs(10)) {
        said.push(line);
    }
    assert!(said.iter().any(|l| l == "stopped"), "{said:?}");
    assert!(!snapshot.exists(), "the session's copy {} is left behind", snapshot.display());
    drop(taken);
    let _ = std::fs::remove_dir_all(&out);
}
