-- The portal's database and its two logins on SQL Server, with least privilege. Run as sa (docker-compose.yml's
-- sqlserver-init service) or by a DBA, before the migrations; idempotent: run again, it changes the passwords only.
--   sqlcmd -S server -U sa -C -b -i deploy/sqlserver-init.sql
-- sqlcmd variables (from the environment, or -v NAME=value):
--   CHORUS_DATABASE          the database (ChorusAccount)
--   CHORUS_OWNER_PASSWORD    chorus_owner: db_owner of that database only. Runs the migrations (`migrate`); never serves.
--   CHORUS_PORTAL_PASSWORD   chorus_portal: the portal's login. Reads and writes the tables (db_datareader,
--                            db_datawriter); its only DDL is in the HangFire schema it owns, where Hangfire creates
--                            and upgrades its own tables at start-up. It cannot change the portal's tables.
-- Passwords must meet SQL Server's policy and must not hold a single quote.
SET NOCOUNT ON;
GO
IF DB_ID(N'$(CHORUS_DATABASE)') IS NULL
    CREATE DATABASE [$(CHORUS_DATABASE)];
GO
IF SUSER_ID(N'chorus_owner') IS NULL
    CREATE LOGIN [chorus_owner] WITH PASSWORD = N'$(CHORUS_OWNER_PASSWORD)', DEFAULT_DATABASE = [$(CHORUS_DATABASE)], CHECK_POLICY = ON;
ELSE
    ALTER LOGIN [chorus_owner] WITH PASSWORD = N'$(CHORUS_OWNER_PASSWORD)';
IF SUSER_ID(N'chorus_portal') IS NULL
    CREATE LOGIN [chorus_portal] WITH PASSWORD = N'$(CHORUS_PORTAL_PASSWORD)', DEFAULT_DATABASE = [$(CHORUS_DATABASE)], CHECK_POLICY = ON;
ELSE
    ALTER LOGIN [chorus_portal] WITH PASSWORD = N'$(CHORUS_PORTAL_PASSWORD)';
GO
USE [$(CHORUS_DATABASE)];
GO
IF USER_ID(N'chorus_owner') IS NULL
    CREATE USER [chorus_owner] FOR LOGIN [chorus_owner];
ALTER ROLE [db_owner] ADD MEMBER [chorus_owner];

IF USER_ID(N'chorus_portal') IS NULL
    CREATE USER [chorus_portal] FOR LOGIN [chorus_portal] WITH DEFAULT_SCHEMA = [dbo];
ALTER ROLE [db_datareader] ADD MEMBER [chorus_portal];
ALTER ROLE [db_datawriter] ADD MEMBER [chorus_portal];
-- Hangfire's storage: a schema owned by the portal's login, and CREATE TABLE (usable in the schemas it owns only).
IF SCHEMA_ID(N'HangFire') IS NULL
    EXEC (N'CREATE SCHEMA [HangFire] AUTHORIZATION [chorus_portal]');
GRANT CREATE TABLE TO [chorus_portal];
GO
PRINT N'Database $(CHORUS_DATABASE): chorus_owner (db_owner, migrations) and chorus_portal (read/write, HangFire schema) ready.';
GO
