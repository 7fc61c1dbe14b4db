use clap::Parser;
use server::store::{admin, backup, recovery};
use server::{Cli, Command};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let cli = Cli::parse();
    match cli.command {
        None => server::run(cli.serve).await,
        Some(Command::Backup { file, data }) => {
            println!("Backing up the relay in {} to {} …", data.display(), file.display());
            let copied = backup::backup(&data, &file)?;
            println!("Done: {} ({} bytes, {} team).", file.display(), copied.bytes, copied.teams);
            Ok(())
        }
        Some(Command::Restore { file, data, replace }) => {
            println!("Restoring {} into {} …", file.display(), data.display());
            let copied = backup::restore(&file, &data, replace)?;
            println!(
                "Done: restored {} bytes ({} team). Start the relay; tablets reconnect by themselves.",
                copied.bytes, copied.teams
            );
            Ok(())
        }
        Some(Command::DeleteSnapshot { data, doc, covers }) => {
            let deleted = admin::delete_snapshot(&data, doc, covers)?;
            println!(
                "Deleted {deleted} snapshot of document {doc} covering {covers}. Tablets pick up \
                 that document again when they reconnect."
            );
            Ok(())
        }
        Some(Command::Recover { data, origin }) => {
            let (_, code) = recovery::create(&data)?;
            println!("Open this one-time link on a tablet that is already in the team; it makes");
            println!("that tablet an admin, who can then invite and remove devices again:");
            println!("  {}", recovery::link(&origin, &code));
            println!(
                "It works once, within {} minutes. Anyone with it can take over the team: do not send it by e-mail.",
                recovery::VALID_FOR.as_secs() / 60
            );
            Ok(())
        }
    }
}
