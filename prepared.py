"""Queries whose SQL is written once a process, for the pages every phone
and wall screen asks for many times a second (/p/, the display feed).

peewee writes a query's SQL anew each time it runs: for a short indexed
query that costs several times what the database takes to answer it. A
`Prepared` query is built once, with sample values, for each kind of
database; each later run sends the same SQL with the values of the call in
place of the samples, and reads the rows as the query would (models,
tuples, dicts).
"""
import threading


class Prepared:
    """A query built by `build(*samples)`, run as `prepared(db, *values)`.

    Each sample must reach the SQL as parameters, unchanged and unlike any
    other parameter (for instance an id of -7000001 and a text
    'sample:code'); the values of a call take their places. Values the query
    fixes itself (statuses, LIMIT) stay as built. A build where a sample
    does not come through is refused when the query is first run.
    """

    def __init__(self, build, *samples):
        self.build = build
        self.samples = samples
        self._compiled = {}  # database class -> (query, sql, params, slots)
        self._lock = threading.Lock()

    def compile(self, database):
        """The query, its SQL and parameters, and where the samples sit."""
        key = type(database)
        found = self._compiled.get(key)
        if found is None:
            with self._lock:
                query = self.build(*self.samples)
                sql, params = database.get_sql_context().sql(query).query()
                slots = []
                for sample in self.samples:
                    places = [n for n, value in enumerate(params)
                              if type(value) is type(sample) and value == sample]
                    if not places:
                        raise ValueError('sample %r is no parameter of %s'
                                         % (sample, sql))
                    slots.append(places)
                found = self._compiled[key] = (query, sql, tuple(params),
                                               tuple(slots))
        return found

    def cursor(self, database, *values):
        """Run the query with `values` in place of the samples; a cursor
        wrapper reading rows as the built query would."""
        database = getattr(database, 'obj', None) or database  # a proxy
        query, sql, params, slots = self.compile(database)
        params = list(params)
        for places, value in zip(slots, values):
            for place in places:
                params[place] = value
        return query._get_cursor_wrapper(database.execute_sql(sql, params))

    def __call__(self, database, *values):
        """Every row, as a list."""
        return list(self.cursor(database, *values))

    def first(self, database, *values):
        """The first row, or None."""
        for row in self.cursor(database, *values):
            return row
        return None
