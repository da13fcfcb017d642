//! The `lykta` command. All the work is in the library; see `lykta --help`.

fn main() -> std::process::ExitCode {
    lykta::cli::main()
}
