//! Write seed inputs for the fuzz targets into `corpus/<target>/`:
//! a valid token (bytes, decimal text, URL form) and valid bundle files
//! (signed by the root, and by a bundle key the root delegated to).
//! Without them the fuzzer almost never gets past the signature check.
//!
//! Run from `fuzz/`: `cargo run --example seeds`.

use shared::wire;
use shared_fuzz::fixture;
use std::fs;
use std::path::Path;

fn write(target: &str, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(target);
    fs::create_dir_all(&dir)?;
    let path = dir.join(name);
    fs::write(&path, bytes)?;
    println!("{} ({} bytes)", path.display(), bytes.len());
    Ok(())
}

fn main() -> std::io::Result<()> {
    let f = fixture();
    let decimal = wire::encode_decimal(&f.token);
    let url = wire::token_url_for_qr("https://kort.example.no", &decimal);
    write("token_decode_verify", "valid_token_bytes", &f.token)?;
    write("token_decode_verify", "valid_token_decimal", decimal.as_bytes())?;
    write("token_decode_verify", "valid_token_url", url.as_bytes())?;
    write("bundle_parse", "valid_bundle", &f.bundle_bytes)?;
    write("bundle_parse", "valid_delegated_bundle", &f.delegated_bytes)?;
    Ok(())
}
