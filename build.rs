//! Rebuilds the binary when the default theme changes: `dilmanc init` embeds it.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=schemas");
}
