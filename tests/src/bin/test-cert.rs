//! Writes a self-signed certificate for 127.0.0.1 and localhost, so the HTTPS end-to-end run
//! serves real TLS without shipping a key in the repository. Usage: `test-cert DIR`.

use anyhow::Context;

fn main() -> anyhow::Result<()> {
    let dir = std::env::args().nth(1).context("usage: test-cert DIR")?;
    let dir = std::path::Path::new(&dir);
    std::fs::create_dir_all(dir)?;
    let names = vec!["127.0.0.1".to_string(), "localhost".to_string()];
    let made = rcgen::generate_simple_self_signed(names)?;
    std::fs::write(dir.join("cert.pem"), made.cert.pem())?;
    std::fs::write(dir.join("key.pem"), made.key_pair.serialize_pem())?;
    println!("{}", dir.join("cert.pem").display());
    Ok(())
}
