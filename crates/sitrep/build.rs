// include_dir! cannot tell cargo which files it read; this makes edits under data/ and
// web/ rebuild the binary that embeds them.
fn main() {
    println!("cargo:rerun-if-changed=../../data");
    println!("cargo:rerun-if-changed=web");
}
