//! The document recipes (src/layout/recipes) say what a document holds and in
//! which style; where things go comes from the layout and the kit. This test
//! reads their source: no length literal (a float other than 0.0, a millimetre or
//! point value), and no PDF module.

mod common;

/// Float literals in Rust source outside comments and strings.
fn float_literals(source: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut in_string = false;
        let chars: Vec<char> = code.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '"' {
                in_string = !in_string;
            } else if !in_string
                && c.is_ascii_digit()
                && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_'))
            {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_ascii_digit()
                        || matches!(chars[i], '.' | 'e' | '_')
                        || (chars[i] == '-' && chars[i - 1] == 'e'))
                {
                    i += 1;
                }
                let lit: String = chars[start..i].iter().collect();
                let is_float = lit.contains('.') && !lit.ends_with('.') || lit.contains('e');
                if is_float && lit.trim_end_matches('0').trim_end_matches('.') != "0" && lit != "0.0" {
                    found.push((n + 1, lit));
                }
                continue;
            }
            i += 1;
        }
    }
    found
}

#[test]
fn recipes_hold_no_length_literal_and_no_pdf_module() {
    let dir = common::root().join("src/layout/recipes");
    let mut problems = Vec::new();
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        files += 1;
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for (line, lit) in float_literals(&source) {
            problems.push(format!("{name}:{line}: the literal {lit}"));
        }
        for (n, line) in source.lines().enumerate() {
            for banned in ["from_mm(", "MM_PER_PT", "crate::pdf", "printpdf", "lopdf", "0.88"] {
                if line.contains(banned) && !line.trim_start().starts_with("//") {
                    problems.push(format!("{name}:{}: {banned}", n + 1));
                }
            }
        }
    }
    assert!(files >= 4, "the recipes are where they were");
    assert!(problems.is_empty(), "positions or PDF knowledge in a recipe:\n{}", problems.join("\n"));
}

#[test]
fn the_literal_scanner_finds_lengths() {
    let found = float_literals("let y = 85.0; let z = 0.0; let s = \"1.5\"; // 2.0\nlet k = 1e-9; let n = 2;");
    assert_eq!(found, vec![(1, "85.0".to_string()), (2, "1e-9".to_string())]);
}
