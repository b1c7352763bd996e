#![allow(dead_code)]
pub mod mock_server;
