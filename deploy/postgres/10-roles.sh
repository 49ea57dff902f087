#!/bin/sh
# First start of an empty PostgreSQL volume (the postgres image runs /docker-entrypoint-initdb.d/*.sh once):
# creates the owner role and the app role named in the secrets migration_database_url and database_url
# (postgres://<role>:<password>@host:port/db, password without URL escapes, e.g. `openssl rand -hex 24`), gives the
# owner the databases grants and grants_esdb and their schema `public`, and lets the app role connect. The
# table grants themselves are made by the service's migrations at every start (libs/database, app-role grants).
set -eu

role_of() { sed -E 's#^[a-z]+://([^:@/]+):([^@/]*)@.*$#\1#' "$1" | tr -d '\n'; }
password_of() { sed -E 's#^[a-z]+://([^:@/]+):([^@/]*)@.*$#\2#' "$1" | tr -d '\n'; }

owner=$(role_of /run/secrets/migration_database_url)
owner_password=$(password_of /run/secrets/migration_database_url)
app=$(role_of /run/secrets/database_url)
app_password=$(password_of /run/secrets/database_url)
if [ "$owner" = "$app" ]; then
  echo "10-roles.sh: migration_database_url and database_url name the same role ($owner); they must differ" >&2
  exit 1
fi

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner="$owner" -v owner_password="$owner_password" -v app="$app" -v app_password="$app_password" <<'SQL'
CREATE ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'app_password';
CREATE DATABASE grants_esdb;
SELECT format('ALTER DATABASE %I OWNER TO %I', d, :'owner'), format('REVOKE ALL ON DATABASE %I FROM PUBLIC', d),
       format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', d, :'app')
  FROM unnest(ARRAY[current_database(), 'grants_esdb']) AS d \gexec
ALTER SCHEMA public OWNER TO :"owner";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
\connect grants_esdb
ALTER SCHEMA public OWNER TO :"owner";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
