#!/usr/bin/env bash
# Adds one EF Core migration, under the same name, to each engine's migrations assembly
# (ChorusAccount.Migrations.Sqlite, .PostgreSql, .SqlServer): a model change needs all three (ADR-001).
# Each assembly's design-time factory builds the model for its engine; no database is opened.
#
#   scripts/add-migration.sh <Name>        e.g. scripts/add-migration.sh InvoiceReminders
#
# Migrations are append-only once released (ADR-001): never edit or remove one that has shipped.
set -euo pipefail

name=${1:-}
if [[ ! $name =~ ^[A-Z][A-Za-z0-9]*$ ]]; then
  echo "usage: $0 <Name>   (a PascalCase C# identifier, e.g. InvoiceReminders)" >&2
  exit 2
fi

cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for engine in Sqlite PostgreSql SqlServer; do
  project=src/ChorusAccount.Migrations.$engine
  echo "== $engine"
  dotnet dotnet-ef migrations add "$name" --project "$project" --startup-project "$project"
done
