//! `attune-emulator` CLI: runs a standalone emulated Attune server until Ctrl-C.

use attune_emulator::{Emulator, EmulatorConfig};
use clap::Parser;

/// Standalone, in-memory Attune API emulator.
#[derive(Debug, Parser)]
#[command(name = "attune-emulator", version, about)]
struct Cli {
    /// Interface to bind.
    #[arg(long, default_value = "127.0.0.1", env = "ATTUNE_EMULATOR_HOST")]
    host: String,
    /// Port to bind (0 = any free port).
    #[arg(long, default_value_t = 8080, env = "ATTUNE_EMULATOR_PORT")]
    port: u16,
    /// Login of the seeded admin identity.
    #[arg(long, default_value = "test@attune.local")]
    admin_login: String,
    /// Password of the seeded admin identity.
    #[arg(long, default_value = "TestPass123!")]
    admin_password: String,
    /// Log level (error, warn, info, debug, trace).
    #[arg(long, default_value = "info")]
    log_level: String,
}

fn main() -> std::io::Result<()> {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_new(&cli.log_level)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
    let config = EmulatorConfig::default()
        .with_host(cli.host)
        .with_port(cli.port)
        .with_admin_login(cli.admin_login)
        .with_admin_password(cli.admin_password);
    let emu = Emulator::start(config)?;
    println!("{}", emu.base_url());
    println!(
        "Attune emulator listening on {} (admin: {})",
        emu.base_url(),
        emu.admin_login()
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let _ = tokio::signal::ctrl_c().await;
    });
    println!("shutting down");
    drop(emu);
    Ok(())
}
