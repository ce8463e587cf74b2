// Hollis Hardware's catalogue and basket helpers, shared by the listing, product and basket pages.
window.HOLLIS = {
  products: [
    { sku: 'HD-1001', name: '18V Cordless Combi Drill', brand: 'Makita', category: 'power-tools', price: 129.00, stock: 14, rating: 4.7 },
    { sku: 'HD-1002', name: '18V Brushless Impact Driver', brand: 'DeWalt', category: 'power-tools', price: 149.00, stock: 6, rating: 4.8 },
    { sku: 'HD-1003', name: 'Compact Jigsaw 650W', brand: 'Bosch', category: 'power-tools', price: 89.99, stock: 0, rating: 4.4 },
    { sku: 'HD-1004', name: 'Random Orbit Sander 125mm', brand: 'Bosch', category: 'power-tools', price: 64.50, stock: 22, rating: 4.5 },
    { sku: 'HD-1005', name: 'Circular Saw 1400W', brand: 'Makita', category: 'power-tools', price: 119.00, stock: 3, rating: 4.6 },
    { sku: 'HD-1006', name: 'Angle Grinder 115mm', brand: 'Hollis Pro', category: 'power-tools', price: 34.99, stock: 40, rating: 4.1 },
    { sku: 'HD-1007', name: 'Cordless Multi-Tool', brand: 'DeWalt', category: 'power-tools', price: 99.00, stock: 0, rating: 4.3 },
    { sku: 'HD-2001', name: 'Claw Hammer 16oz', brand: 'Stanley', category: 'hand-tools', price: 14.99, stock: 58, rating: 4.8 },
    { sku: 'HD-2002', name: 'Screwdriver Set, 12 Piece', brand: 'Stanley', category: 'hand-tools', price: 19.50, stock: 31, rating: 4.6 },
    { sku: 'HD-2003', name: 'Spirit Level 600mm', brand: 'Hollis Pro', category: 'hand-tools', price: 12.00, stock: 17, rating: 4.2 },
    { sku: 'HD-2004', name: 'Tape Measure 8m', brand: 'Stanley', category: 'hand-tools', price: 9.99, stock: 80, rating: 4.7 },
    { sku: 'HD-2005', name: 'Adjustable Spanner 250mm', brand: 'Bosch', category: 'hand-tools', price: 16.75, stock: 0, rating: 4.0 },
    { sku: 'HD-2006', name: 'Hand Saw 550mm', brand: 'Hollis Pro', category: 'hand-tools', price: 11.49, stock: 25, rating: 4.3 },
    { sku: 'HD-3001', name: 'Leather Work Gloves', brand: 'Hollis Pro', category: 'workwear', price: 8.99, stock: 120, rating: 4.5, sizes: ['S', 'M', 'L', 'XL'], colours: ['Tan', 'Black'] },
    { sku: 'HD-3002', name: 'Safety Work Boots S3', brand: 'DeWalt', category: 'workwear', price: 74.99, stock: 9, rating: 4.6, sizes: ['6', '7', '8', '9', '10', '11', '12'], colours: ['Honey', 'Black'] },
    { sku: 'HD-3003', name: 'Hi-Vis Softshell Jacket', brand: 'Stanley', category: 'workwear', price: 39.00, stock: 15, rating: 4.2, sizes: ['S', 'M', 'L', 'XL', 'XXL'], colours: ['Yellow', 'Orange'] },
    { sku: 'HD-3004', name: 'Knee Pads, Gel', brand: 'Hollis Pro', category: 'workwear', price: 15.99, stock: 0, rating: 3.9 },
    { sku: 'HD-3005', name: 'Work Trousers with Holster Pockets', brand: 'Makita', category: 'workwear', price: 44.95, stock: 11, rating: 4.4, sizes: ['30', '32', '34', '36', '38'], colours: ['Grey', 'Black', 'Navy'] },
    { sku: 'HD-4001', name: 'Wood Screws 4x40mm, box of 200', brand: 'Hollis Pro', category: 'fixings', price: 6.49, stock: 300, rating: 4.6 },
    { sku: 'HD-4002', name: 'Wall Plugs, assorted 120', brand: 'Hollis Pro', category: 'fixings', price: 4.99, stock: 210, rating: 4.3 },
    { sku: 'HD-4003', name: 'Masonry Drill Bit Set, 5 Piece', brand: 'Bosch', category: 'fixings', price: 12.99, stock: 44, rating: 4.5 },
    { sku: 'HD-4004', name: 'Coach Bolts M8, pack of 10', brand: 'Stanley', category: 'fixings', price: 7.25, stock: 0, rating: 4.1 },
    { sku: 'HD-4005', name: 'Cable Ties 300mm, 100 pack', brand: 'Hollis Pro', category: 'fixings', price: 3.49, stock: 500, rating: 4.4 }
  ],
  bySku: function (sku) { return this.products.filter(function (p) { return p.sku === sku; })[0]; },
  basket: function () { return JSON.parse(localStorage.getItem('hollis-basket') || '[]'); },
  saveBasket: function (lines) { localStorage.setItem('hollis-basket', JSON.stringify(lines)); this.updateCount(); },
  updateCount: function () {
    var el = document.getElementById('basket-count');
    if (el) el.textContent = this.basket().reduce(function (n, l) { return n + l.qty; }, 0);
  }
};
