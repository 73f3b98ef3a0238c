export default { name: 'connections', title: 'connections', target: 'todo', async run() { throw new Error('not written yet'); } };
