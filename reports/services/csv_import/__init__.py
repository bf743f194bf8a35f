"""Reading expenses from CSV files, one job a module: `decoding` (bytes to text, the
delimiter), `columns` (the mapping against the header), `amounts` and `dates` (values as banks
write them), `rows` (one record to an expense draft; signs), `reader` (the whole file)."""

from reports.services.csv_import.columns import mapping_problems
from reports.services.csv_import.dates import date_format_problem
from reports.services.csv_import.decoding import ENCODINGS
from reports.services.csv_import.reader import CsvOptions, parse_csv

__all__ = ["ENCODINGS", "CsvOptions", "date_format_problem", "mapping_problems", "parse_csv"]
