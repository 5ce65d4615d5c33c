//! `attune-emulator` CLI: runs a standalone emulated Attune server until SIGINT/SIGTERM,
//! logging why it stops (signal, error or panic) with its exit status.

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
    /// Terminal executions, events and finished enforcements kept (older ones are pruned).
    #[arg(long, default_value_t = 10_000, env = "ATTUNE_EMULATOR_RETENTION")]
    retention: usize,
    /// Executions waiting for a worker slot beyond which webhook posts, new events and
    /// manual executions wait (up to 5 s) for room before they are accepted (0: never wait).
    #[arg(long, default_value_t = 1_024, env = "ATTUNE_EMULATOR_MAX_BACKLOG")]
    max_backlog: usize,
    /// Pack directory to install at start (repeatable).
    #[arg(long = "pack", value_name = "DIR")]
    packs: Vec<std::path::PathBuf>,
    /// Where per-pack Python/Node.js environments are cached (default:
    /// $ATTUNE_EMULATOR_ENV_CACHE, else <temp dir>/attune-emulator-envs).
    #[arg(long, value_name = "DIR")]
    env_cache: Option<std::path::PathBuf>,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_new(&cli.log_level)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
    // never die silently: a panic anywhere (any thread) is logged with its location
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let thread = std::thread::current()
            .name()
            .unwrap_or("unnamed")
            .to_string();
        tracing::error!("attune-emulator: panic in thread '{thread}': {info}");
        eprintln!("attune-emulator: panic in thread '{thread}': {info}");
        default_hook(info);
    }));
    match run(cli) {
        Ok(reason) => {
            println!("attune-emulator: stopping ({reason}), exit status 0");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!("attune-emulator: {e}");
            eprintln!("attune-emulator: stopping on error: {e}, exit status 1");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Serves until SIGINT or SIGTERM; returns why it stopped.
fn run(cli: Cli) -> std::io::Result<&'static str> {
    let config = EmulatorConfig::default()
        .with_host(cli.host)
        .with_port(cli.port)
        .with_admin_login(cli.admin_login)
        .with_admin_password(cli.admin_password)
        .with_retention(cli.retention)
        .with_max_backlog(cli.max_backlog);
    let mut config = config;
    for p in cli.packs {
        config = config.with_pack(p);
    }
    if let Some(d) = cli.env_cache {
        config = config.with_env_cache_dir(d);
    }
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
    let reason = rt.block_on(wait_for_signal())?;
    println!("attune-emulator: received {reason}, shutting down");
    emu.shutdown();
    Ok(reason)
}

#[cfg(unix)]
async fn wait_for_signal() -> std::io::Result<&'static str> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    let mut hup = signal(SignalKind::hangup())?;
    Ok(tokio::select! {
        _ = term.recv() => "SIGTERM",
        _ = int.recv() => "SIGINT",
        _ = hup.recv() => "SIGHUP",
    })
}

#[cfg(not(unix))]
async fn wait_for_signal() -> std::io::Result<&'static str> {
    tokio::signal::ctrl_c().await?;
    Ok("Ctrl-C")
}
