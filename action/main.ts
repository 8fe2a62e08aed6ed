// PLACEHOLDER: being implemented; must not ship as a stub.
process.stdout.write('loki action: not implemented yet\n');
