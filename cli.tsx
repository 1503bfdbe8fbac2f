// placeholder: the integrator wires yargs -> app | replay | check here.
console.log('memhp: under construction');
