//! Rebuilds the binary when the default theme changes: it is embedded as the built-in theme.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=schemas");
}
