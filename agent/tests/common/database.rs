//! A PostgreSQL database of one test's own, on the server every
//! developer machine and CI runs (127.0.0.1:5432, user postgres, trust),
//! dropped when the test is done.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

const ADMIN: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A database of this test run's own, dropped when done.
pub struct Database {
    name: String,
}

impl Database {
    pub fn create() -> Database {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!("steer_test_{}_{nanos}", std::process::id());
        let mut admin = postgres::Client::connect(ADMIN, postgres::NoTls)
            .unwrap_or_else(|e| panic!("PostgreSQL must run on 127.0.0.1:5432 (see README): {e}"));
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        Database { name }
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:5432/{}", self.name)
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(ADMIN, postgres::NoTls) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}
