export default { name: 'fanout', title: 'fanout', target: 'todo', async run() { throw new Error('not written yet'); } };
