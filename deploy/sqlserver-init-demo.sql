-- The demonstration's database and its login (docker-compose.yml's sqlserver-init-demo service, profile pigp), run as
-- sa; idempotent: run again, it changes the password only. The demonstration portal (portal-demo) never connects as sa:
-- chorus_demo is db_owner of its throw-away database only, so that the portal creates its tables there itself
-- (Database:MigrateAtStartup) and reaches nothing else of the server.
--   sqlcmd -S server -U sa -C -b -i deploy/sqlserver-init-demo.sql
-- sqlcmd variables (from the environment, or -v NAME=value):
--   CHORUS_DEMO_DATABASE     the demonstration's database (ChorusAccountDemo)
--   CHORUS_DEMO_PASSWORD     chorus_demo's password (SQL Server's policy, no single quote)
SET NOCOUNT ON;
GO
IF DB_ID(N'$(CHORUS_DEMO_DATABASE)') IS NULL
    CREATE DATABASE [$(CHORUS_DEMO_DATABASE)];
GO
IF SUSER_ID(N'chorus_demo') IS NULL
    CREATE LOGIN [chorus_demo] WITH PASSWORD = N'$(CHORUS_DEMO_PASSWORD)', DEFAULT_DATABASE = [$(CHORUS_DEMO_DATABASE)], CHECK_POLICY = ON;
ELSE
    ALTER LOGIN [chorus_demo] WITH PASSWORD = N'$(CHORUS_DEMO_PASSWORD)';
GO
USE [$(CHORUS_DEMO_DATABASE)];
GO
IF USER_ID(N'chorus_demo') IS NULL
    CREATE USER [chorus_demo] FOR LOGIN [chorus_demo];
ALTER ROLE [db_owner] ADD MEMBER [chorus_demo];
GO
PRINT N'Database $(CHORUS_DEMO_DATABASE): chorus_demo (db_owner of this database only) ready.';
GO
